/* aws_test.h - what the AWS client tests share: check.h and a tiny
 * HTTP server on 127.0.0.1 that answers from a callback.
 *
 * The stub runs in a thread, accepts keep-alive connections (one thread per
 * connection, so a client's connection pool cannot starve it) and records
 * every request so tests can look at what was sent. */
#ifndef AWS_TEST_H
#define AWS_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

static __attribute__((unused)) int test_finish(void)
{
    return check_report();
}

/* ---- HTTP stub --------------------------------------------------------- */

#define STUB_MAX_HEADERS 32
#define STUB_MAX_REQUESTS 256

typedef struct {
    char method[16];
    char target[1024];
    int n_headers;
    char header_name[STUB_MAX_HEADERS][64];
    char header_value[STUB_MAX_HEADERS][2048];
    char *body;                  /* malloc'd, NUL-terminated */
    size_t body_len;
} stub_request;

typedef struct {
    int status;
    char headers[1024];          /* extra "Name: value\r\n" lines */
    const char *body;            /* copied by the stub before sending */
    int close;                   /* close the connection after answering */
    int hang_ms;                 /* sleep before answering */
    int drop;                    /* hang up without answering */
    const char *raw;             /* send exactly this instead of a response */
} stub_response;

typedef struct stub_server stub_server;
typedef void (*stub_handler)(stub_server *s, const stub_request *rq,
                             stub_response *rs, void *ud);

struct stub_server {
    int fd;
    int port;
    volatile int stopping;
    pthread_t thread;
    pthread_mutex_t mu;
    stub_handler handler;
    void *ud;
    int connections;             /* accepted so far */
    int n_requests;
    stub_request requests[STUB_MAX_REQUESTS];
};

static __attribute__((unused)) const char *stub_header(const stub_request *rq, const char *name)
{
    for (int i = 0; i < rq->n_headers; i++)
        if (strcasecmp(rq->header_name[i], name) == 0)
            return rq->header_value[i];
    return NULL;
}

/* Value of name=... in a form body (not decoded), copied into out. */
static __attribute__((unused)) const char *stub_form_value(const stub_request *rq, const char *name,
                                   char *out, size_t n)
{
    size_t nl = strlen(name);
    const char *p = rq->body;
    while (p && *p) {
        if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
            const char *v = p + nl + 1, *e = strchr(v, '&');
            size_t l = e ? (size_t)(e - v) : strlen(v);
            if (l >= n)
                l = n - 1;
            memcpy(out, v, l);
            out[l] = '\0';
            return out;
        }
        p = strchr(p, '&');
        if (p)
            p++;
    }
    return NULL;
}

typedef struct {
    stub_server *s;
    int fd;
} stub_conn;

static __attribute__((unused)) int stub_read_until(int fd, char *buf, size_t cap, size_t *len,
                           const char *marker)
{
    while (!strstr(buf, marker)) {
        if (*len + 1 >= cap)
            return -1;
        ssize_t r = recv(fd, buf + *len, cap - 1 - *len, 0);
        if (r <= 0)
            return -1;
        *len += (size_t)r;
        buf[*len] = '\0';
    }
    return 0;
}

static __attribute__((unused)) void *stub_conn_main(void *arg)
{
    stub_conn *c = arg;
    stub_server *s = c->s;
    enum { STUB_BUF = 1 << 20 };
    char *buf = malloc(STUB_BUF);
    size_t len = 0;
    buf[0] = '\0';
    for (;;) {
        if (stub_read_until(c->fd, buf, STUB_BUF, &len, "\r\n\r\n"))
            break;
        char *hend = strstr(buf, "\r\n\r\n");
        size_t head_len = (size_t)(hend - buf) + 4;
        stub_request rq;
        memset(&rq, 0, sizeof rq);
        char *line = buf, *eol = strstr(line, "\r\n");
        *eol = '\0';
        sscanf(line, "%15s %1023s", rq.method, rq.target);
        line = eol + 2;
        while (line < hend) {
            eol = strstr(line, "\r\n");
            *eol = '\0';
            char *colon = strchr(line, ':');
            if (colon && rq.n_headers < STUB_MAX_HEADERS) {
                *colon = '\0';
                char *v = colon + 1;
                while (*v == ' ')
                    v++;
                snprintf(rq.header_name[rq.n_headers], 64, "%s", line);
                snprintf(rq.header_value[rq.n_headers], 2048, "%s", v);
                rq.n_headers++;
            }
            line = eol + 2;
        }
        const char *cl = stub_header(&rq, "Content-Length");
        size_t body_len = cl ? (size_t)strtoul(cl, NULL, 10) : 0;
        while (len < head_len + body_len) {
            if (len + 1 >= STUB_BUF)
                goto out;
            ssize_t r = recv(c->fd, buf + len, STUB_BUF - 1 - len, 0);
            if (r <= 0)
                goto out;
            len += (size_t)r;
        }
        rq.body = malloc(body_len + 1);
        memcpy(rq.body, buf + head_len, body_len);
        rq.body[body_len] = '\0';
        rq.body_len = body_len;
        memmove(buf, buf + head_len + body_len, len - head_len - body_len);
        len -= head_len + body_len;
        buf[len] = '\0';

        stub_response rs;
        memset(&rs, 0, sizeof rs);
        rs.status = 200;
        rs.body = "";
        pthread_mutex_lock(&s->mu);
        s->handler(s, &rq, &rs, s->ud);
        char *body = strdup(rs.body ? rs.body : "");
        if (s->n_requests < STUB_MAX_REQUESTS)
            s->requests[s->n_requests++] = rq;
        else
            free(rq.body);
        pthread_mutex_unlock(&s->mu);
        if (rs.hang_ms)
            usleep((useconds_t)rs.hang_ms * 1000);
        if (rs.drop || rs.raw) {
            if (rs.raw)
                send(c->fd, rs.raw, strlen(rs.raw), MSG_NOSIGNAL);
            free(body);
            break;
        }
        size_t blen = strlen(body);
        char *msg = malloc(blen + 2048);
        int hl = snprintf(msg, 2048,
                          "HTTP/1.1 %d Stub\r\nContent-Length: %zu\r\n%s%s\r\n",
                          rs.status, blen, rs.headers,
                          rs.close ? "Connection: close\r\n" : "");
        memcpy(msg + hl, body, blen);
        /* One send: two small writes would meet Nagle and delayed ACKs. */
        int ok = send(c->fd, msg, (size_t)hl + blen, MSG_NOSIGNAL) == (ssize_t)((size_t)hl + blen);
        free(msg);
        free(body);
        if (!ok || rs.close)
            break;
    }
out:
    close(c->fd);
    free(buf);
    free(c);
    return NULL;
}

static __attribute__((unused)) void *stub_accept_main(void *arg)
{
    stub_server *s = arg;
    while (!s->stopping) {
        struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
        if (poll(&pfd, 1, 50) <= 0)
            continue;
        int fd = accept(s->fd, NULL, NULL);
        if (fd < 0)
            continue;
        stub_conn *c = malloc(sizeof *c);
        c->s = s;
        c->fd = fd;
        pthread_mutex_lock(&s->mu);
        s->connections++;
        pthread_mutex_unlock(&s->mu);
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_create(&t, &attr, stub_conn_main, c);
        pthread_attr_destroy(&attr);
    }
    return NULL;
}

static __attribute__((unused)) stub_server *stub_start(stub_handler h, void *ud)
{
    stub_server *s = calloc(1, sizeof *s);
    s->handler = h;
    s->ud = ud;
    pthread_mutex_init(&s->mu, NULL);
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s->fd, (struct sockaddr *)&sa, sizeof sa) || listen(s->fd, 64)) {
        perror("stub bind");
        exit(2);
    }
    socklen_t sl = sizeof sa;
    getsockname(s->fd, (struct sockaddr *)&sa, &sl);
    s->port = ntohs(sa.sin_port);
    pthread_create(&s->thread, NULL, stub_accept_main, s);
    return s;
}

/* Stops accepting; connection threads end when their clients hang up (the
 * tests free their aws_client first, which closes its connections). */
static __attribute__((unused)) void stub_stop(stub_server *s)
{
    s->stopping = 1;
    pthread_join(s->thread, NULL);
    close(s->fd);
    usleep(20000);
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->n_requests; i++)
        free(s->requests[i].body);
    pthread_mutex_unlock(&s->mu);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

static __attribute__((unused)) void stub_reset(stub_server *s)
{
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->n_requests; i++)
        free(s->requests[i].body);
    s->n_requests = 0;
    s->connections = 0;
    pthread_mutex_unlock(&s->mu);
}

/* ---- a client talking to a stub ----------------------------------------- */

#include "aws.h"

/* Region us-east-1, static keys AKID/SECRET, every service at the stub,
 * no STS validation, fast retries. */
static __attribute__((unused)) aws_client *stub_client(int port, int max_retries,
                                                       aws_error *err)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_kv ep[] = {{"ec2", url}, {"elbv2", url}, {"ecs", url},
                   {"autoscaling", url}, {"sts", url}, {"iam", url}};
    aws_config cfg;
    aws_config_init(&cfg);
    cfg.region = "us-east-1";
    cfg.access_key = "AKID";
    cfg.secret_key = "SECRET";
    cfg.endpoints = ep;
    cfg.n_endpoints = 6;
    cfg.max_retries = max_retries;
    cfg.skip_credentials_validation = 1;
    cfg.skip_requesting_account_id = 1;
    cfg.skip_metadata_api_check = 1;
    cfg.retry_base_delay_ms = 1;
    cfg.retry_max_backoff_ms = 5;
    return aws_client_new(&cfg, NULL, err);
}

#endif
