/* test_handshake.c - the certificate and key go-plugin's automatic mutual
 * TLS gets from tf_tls_identity_new()/_start().
 *
 * handshake.c writes the SEC1 private key and the certificate's
 * SubjectPublicKeyInfo by hand (to keep OpenSSL's encoders off the start-up
 * path); here both are compared byte for byte with what OpenSSL's own
 * encoders make of the same key, and the pair is checked the way gRPC loads
 * it (PEM_read_bio_PrivateKey, X509_check_private_key). */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "server.h"
#include "check.h"

static void check_identity(const tf_tls_identity *id)
{
    CHECK(id->cert_pem && strstr(id->cert_pem, "-----BEGIN CERTIFICATE-----"));
    CHECK(id->key_pem && strstr(id->key_pem, "-----BEGIN EC PRIVATE KEY-----"));
    CHECK(id->cert_b64 && !strchr(id->cert_b64, '=') && !strchr(id->cert_b64, '\n'));

    BIO *kb = BIO_new_mem_buf(id->key_pem, -1), *cb = BIO_new_mem_buf(id->cert_pem, -1);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(kb, NULL, NULL, (void *)"");
    X509 *cert = PEM_read_bio_X509(cb, NULL, NULL, (void *)"");
    CHECK(key != NULL);
    CHECK(cert != NULL);
    if (key && cert) {
        CHECK(EVP_PKEY_is_a(key, "EC"));
        CHECK(X509_check_private_key(cert, key) == 1);
        /* Self-signed: the certificate's own key verifies it. */
        EVP_PKEY *pub = X509_get0_pubkey(cert);
        CHECK(pub && X509_verify(cert, pub) == 1);
        CHECK(X509_check_host(cert, "localhost", 0, 0, NULL) == 1);
        CHECK(X509_check_ca(cert) >= 1);

        /* The hand-made SubjectPublicKeyInfo equals OpenSSL's. */
        unsigned char *mine = NULL, *theirs = NULL;
        int n1 = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &mine);
        X509_PUBKEY *xp = NULL;
        CHECK(X509_PUBKEY_set(&xp, key) == 1);
        int n2 = xp ? i2d_X509_PUBKEY(xp, &theirs) : -1;
        CHECK(n1 > 0 && n1 == n2 && memcmp(mine, theirs, (size_t)n1) == 0);
        OPENSSL_free(mine);
        OPENSSL_free(theirs);
        X509_PUBKEY_free(xp);

        /* The hand-made SEC1 key equals OpenSSL's "type-specific" form. */
        BIO *out = BIO_new(BIO_s_mem());
        CHECK(PEM_write_bio_PrivateKey_traditional(out, key, NULL, NULL, 0, NULL, NULL) == 1);
        char *data = NULL;
        long len = BIO_get_mem_data(out, &data);
        CHECK(len > 0 && (size_t)len == strlen(id->key_pem) &&
              memcmp(data, id->key_pem, (size_t)len) == 0);
        BIO_free(out);

        /* The handshake's base64 is the certificate's DER. */
        unsigned char *der = NULL;
        int dn = i2d_X509(cert, &der);
        unsigned char b64[4096];
        int bn = EVP_EncodeBlock(b64, der, dn);
        while (bn > 0 && b64[bn - 1] == '=')
            bn--;
        b64[bn] = '\0';
        CHECK(strcmp((char *)b64, id->cert_b64) == 0);
        OPENSSL_free(der);
    }
    EVP_PKEY_free(key);
    X509_free(cert);
    BIO_free(kb);
    BIO_free(cb);
}

int main(void)
{
    tf_tls_identity id;
    CHECK(tf_tls_identity_new(&id) == 0);
    check_identity(&id);
    tf_tls_identity_free(&id);
    CHECK(id.key_pem == NULL && id.cert_pem == NULL);

    /* Two in a row get different keys. */
    tf_tls_identity a, b;
    CHECK(tf_tls_identity_new(&a) == 0);
    CHECK(tf_tls_identity_new(&b) == 0);
    CHECK(strcmp(a.key_pem, b.key_pem) != 0);
    CHECK(strcmp(a.cert_b64, b.cert_b64) != 0);
    tf_tls_identity_free(&a);
    tf_tls_identity_free(&b);

    return check_report();
}
