/* base64.c - see base64.h. */
#include "base64.h"

#include <stdbool.h>

static const char b64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *aws_base64_encode(tf_arena *a, const unsigned char *data, size_t len)
{
    char *out = tf_arena_alloc(a, (len + 2) / 3 * 4 + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)data[i + 1] << 8;
        if (i + 2 < len)
            v |= data[i + 2];
        out[n++] = b64_digits[v >> 18 & 63];
        out[n++] = b64_digits[v >> 12 & 63];
        out[n++] = i + 1 < len ? b64_digits[v >> 6 & 63] : '=';
        out[n++] = i + 2 < len ? b64_digits[v & 63] : '=';
    }
    out[n] = '\0';
    return out;
}

static int b64_digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

unsigned char *aws_base64_decode(tf_arena *a, const char *s, size_t len, size_t *out_len)
{
    unsigned char *out = tf_arena_alloc(a, len / 4 * 3 + 3);
    int quad[4];
    size_t nq = 0, n = 0;
    bool ended = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\r' || c == '\n')
            continue;
        if (ended)
            return NULL; /* nothing may follow the padding */
        int d = c == '=' ? -2 : b64_digit(c);
        if (d == -1)
            return NULL;
        quad[nq++] = d;
        if (nq < 4)
            continue;
        nq = 0;
        if (quad[0] < 0 || quad[1] < 0 || (quad[2] == -2 && quad[3] != -2))
            return NULL;
        out[n++] = (unsigned char)(quad[0] << 2 | quad[1] >> 4);
        if (quad[2] == -2) {
            ended = true;
            continue;
        }
        out[n++] = (unsigned char)((quad[1] & 15) << 4 | quad[2] >> 2);
        if (quad[3] == -2) {
            ended = true;
            continue;
        }
        out[n++] = (unsigned char)((quad[2] & 3) << 6 | quad[3]);
    }
    if (nq != 0)
        return NULL;
    *out_len = n;
    return out;
}
