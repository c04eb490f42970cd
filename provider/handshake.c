/* handshake.c - the parts of go-plugin's start-up that are not gRPC.
 *
 * Terraform starts a provider with a magic cookie and the list of protocol
 * versions it speaks in the environment, and, for automatic mutual TLS, its
 * own client certificate in PLUGIN_CLIENT_CERT.  The provider answers with
 * one line on stdout naming where it listens and the certificate it will
 * present.  This file checks the environment, makes the certificate and the
 * private socket directory. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "server.h"

static bool versions_include(const char *list, int want)
{
    const char *p = list;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end != p && v == want)
            return true;
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    return false;
}

int tf_handshake_check_env(void)
{
    const char *cookie = getenv(TF_MAGIC_COOKIE_KEY);
    if (!cookie || strcmp(cookie, TF_MAGIC_COOKIE_VALUE) != 0) {
        fprintf(stderr,
                "This binary is a plugin for Terraform: the AWS provider.\n"
                "It is not meant to be run by hand. Install it for Terraform "
                "(a filesystem mirror or dev_overrides in the CLI config) and\n"
                "Terraform will start it when a configuration uses the "
                "hashicorp/aws provider.\n");
        return 1;
    }
    /* Without a list the host is an old go-plugin that expects the
     * handshake's default version, which is ours. */
    const char *versions = getenv("PLUGIN_PROTOCOL_VERSIONS");
    if (versions && *versions &&
        !versions_include(versions, TF_PROTOCOL_VERSION)) {
        fprintf(stderr,
                "terraform-provider-aws: Terraform offers plugin protocol "
                "versions %s, but this provider serves only version %d.\n"
                "Use a Terraform release that supports protocol 5 "
                "(0.12 or later).\n",
                versions, TF_PROTOCOL_VERSION);
        return 1;
    }
    return 0;
}

/* ---- certificate ---- */

static int add_ext(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return -1;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok ? 0 : -1;
}

static char *bio_to_string(BIO *bio)
{
    char *data;
    long n = BIO_get_mem_data(bio, &data);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    memcpy(s, data, (size_t)n);
    s[n] = '\0';
    return s;
}

static char *base64_raw(const unsigned char *der, int len)
{
    size_t cap = 4 * (((size_t)len + 2) / 3) + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    int n = EVP_EncodeBlock((unsigned char *)out, der, len);
    while (n > 0 && out[n - 1] == '=')
        n--; /* go-plugin uses the unpadded alphabet */
    out[n] = '\0';
    return out;
}

/* The P-256 public point of key, uncompressed (65 bytes), and its private
 * scalar as 32 big-endian bytes. */
static int ec_key_parts(EVP_PKEY *key, unsigned char pub[65], unsigned char priv[32])
{
    size_t pub_len = 0;
    BIGNUM *d = NULL;
    int ok = EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pub, 65,
                                             &pub_len) == 1 &&
             pub_len == 65 && pub[0] == 0x04 &&
             EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1 &&
             BN_bn2binpad(d, priv, 32) == 32;
    BN_clear_free(d);
    return ok ? 0 : -1;
}

/* DER prefixes of the two encodings written by hand below, for P-256 only:
 * the key is always made here, so the shapes are fixed.  Writing them
 * directly keeps OpenSSL 3's encoder machinery (which looks up every
 * encoder of every provider the first time, about half a millisecond) off
 * the path to the handshake line.  tests/runtime/test_handshake.c checks
 * both against OpenSSL's own encoders.
 *   SEC1 ECPrivateKey (RFC 5915): SEQUENCE { INTEGER 1, OCTET STRING d,
 *     [0] OID prime256v1, [1] BIT STRING Q } */
static const unsigned char SEC1_HEAD[] = {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20};
static const unsigned char SEC1_MID[] = {0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
                                         0x3d, 0x03, 0x01, 0x07, 0xa1, 0x44, 0x03, 0x42,
                                         0x00};
#define SEC1_LEN (sizeof SEC1_HEAD + 32 + sizeof SEC1_MID + 65)

static X509 *make_cert(EVP_PKEY *key, const unsigned char pub[65])
{
    X509 *cert = X509_new();
    if (!cert)
        return NULL;
    unsigned char serial[16];
    BIGNUM *bn = NULL;
    int ok = X509_set_version(cert, 2) && RAND_bytes(serial, sizeof serial) == 1;
    serial[0] &= 0x7f; /* positive */
    if (ok && (bn = BN_bin2bn(serial, sizeof serial, NULL)) != NULL)
        ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL;
    else
        ok = 0;
    BN_free(bn);
    /* Valid from a little in the past (clock skew between host and plugin
     * does not exist, but rounding does) for as long as go-plugin uses. */
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert), -30) &&
         X509_gmtime_adj(X509_getm_notAfter(cert), 262980L * 3600L);
    X509_NAME *name = X509_get_subject_name(cert);
    ok = ok &&
         X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                    (const unsigned char *)"HashiCorp", -1, -1, 0) &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                    (const unsigned char *)"localhost", -1, -1, 0) &&
         X509_set_issuer_name(cert, name);
    /* SubjectPublicKeyInfo { id-ecPublicKey, prime256v1 } with the point,
     * set in place (X509_set_pubkey would run the encoders, see above). */
    unsigned char *point = ok ? OPENSSL_memdup(pub, 65) : NULL;
    if (point &&
        X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(cert),
                               OBJ_nid2obj(NID_X9_62_id_ecPublicKey), V_ASN1_OBJECT,
                               OBJ_nid2obj(NID_X9_62_prime256v1), point, 65) != 1) {
        OPENSSL_free(point);
        point = NULL;
    }
    ok = ok && point && add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") == 0 &&
         add_ext(cert, NID_key_usage,
                 "critical,digitalSignature,keyEncipherment,keyAgreement,keyCertSign") == 0 &&
         add_ext(cert, NID_ext_key_usage, "clientAuth,serverAuth") == 0 &&
         add_ext(cert, NID_subject_alt_name, "DNS:localhost") == 0 &&
         X509_sign(cert, key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

int tf_tls_identity_new(tf_tls_identity *id)
{
    memset(id, 0, sizeof *id);
    EVP_PKEY *key = EVP_EC_gen("P-256");
    unsigned char pub[65], sec1[SEC1_LEN];
    X509 *cert = NULL;
    if (key && ec_key_parts(key, pub, sec1 + sizeof SEC1_HEAD) == 0) {
        memcpy(sec1, SEC1_HEAD, sizeof SEC1_HEAD);
        memcpy(sec1 + sizeof SEC1_HEAD + 32, SEC1_MID, sizeof SEC1_MID);
        memcpy(sec1 + sizeof SEC1_HEAD + 32 + sizeof SEC1_MID, pub, 65);
        cert = make_cert(key, pub);
    }
    BIO *cbio = BIO_new(BIO_s_mem()), *kbio = BIO_new(BIO_s_mem());
    unsigned char *der = NULL;
    int der_len = -1;
    int rc = -1;
    if (cert && cbio && kbio && PEM_write_bio_X509(cbio, cert) &&
        PEM_write_bio(kbio, "EC PRIVATE KEY", "", sec1, (long)sizeof sec1) > 0 &&
        (der_len = i2d_X509(cert, &der)) > 0) {
        id->cert_pem = bio_to_string(cbio);
        id->key_pem = bio_to_string(kbio);
        id->cert_b64 = base64_raw(der, der_len);
        if (id->cert_pem && id->key_pem && id->cert_b64)
            rc = 0;
    }
    OPENSSL_cleanse(sec1, sizeof sec1);
    OPENSSL_free(der);
    BIO_free(cbio);
    BIO_free(kbio); /* BUF_MEM_free clears the buffer */
    X509_free(cert);
    EVP_PKEY_free(key);
    if (rc != 0) {
        fprintf(stderr, "terraform-provider-aws: cannot create the TLS "
                        "certificate for automatic mutual TLS\n");
        tf_tls_identity_free(id);
    }
    return rc;
}

void tf_tls_identity_free(tf_tls_identity *id)
{
    free(id->cert_pem);
    if (id->key_pem) {
        OPENSSL_cleanse(id->key_pem, strlen(id->key_pem));
        free(id->key_pem);
    }
    free(id->cert_b64);
    memset(id, 0, sizeof *id);
}

void tf_tls_init(void)
{
    /* Not the host's openssl.cnf: this binary may be a static build with
     * another OpenSSL than the host's, and neither a loopback certificate
     * nor TLS towards AWS needs a configuration.  The first OpenSSL
     * initialisation decides, so this comes before gRPC's and libcurl's. */
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

/* ---- listening address ---- */

int tf_socket_abstract_name(char *name, size_t size)
{
    unsigned char rnd[16];
    if (size < sizeof "tfplugin-" + 2 * sizeof rnd || RAND_bytes(rnd, (int)sizeof rnd) != 1)
        return -1;
    int n = snprintf(name, size, "tfplugin-");
    for (size_t i = 0; i < sizeof rnd; i++)
        n += snprintf(name + n, size - (size_t)n, "%02x", rnd[i]);
    return 0;
}

int tf_socket_dir_new(char **dir, char **sock_path)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    char templ[PATH_MAX];
    int n = snprintf(templ, sizeof templ, "%s/plugin-XXXXXX", tmp);
    if (n < 0 || (size_t)n >= sizeof templ)
        return -1;
    if (!mkdtemp(templ))
        return -1;
    /* mkdtemp already uses 0700; be explicit about the intent. */
    if (chmod(templ, 0700) != 0) {
        rmdir(templ);
        return -1;
    }
    char path[PATH_MAX];
    n = snprintf(path, sizeof path, "%s/tfplugin.sock", templ);
    struct sockaddr_un sa;
    if (n < 0 || (size_t)n >= sizeof sa.sun_path) {
        rmdir(templ);
        return -1;
    }
    *dir = strdup(templ);
    *sock_path = strdup(path);
    if (!*dir || !*sock_path) {
        free(*dir);
        free(*sock_path);
        rmdir(templ);
        return -1;
    }
    return 0;
}

void tf_socket_dir_remove(const char *dir, const char *sock_path)
{
    if (sock_path)
        unlink(sock_path);
    if (dir)
        rmdir(dir);
}

static int parse_port(const char *name, int def, int *out)
{
    const char *s = getenv(name);
    if (!s || !*s) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > 65535) {
        fprintf(stderr, "terraform-provider-aws: %s=%s is not a port\n", name, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int tf_port_range(int *lo, int *hi)
{
    if (parse_port("PLUGIN_MIN_PORT", 0, lo) || parse_port("PLUGIN_MAX_PORT", 0, hi))
        return -1;
    if (*lo > *hi) {
        fprintf(stderr, "terraform-provider-aws: PLUGIN_MIN_PORT %d is greater "
                        "than PLUGIN_MAX_PORT %d\n", *lo, *hi);
        return -1;
    }
    return 0;
}
