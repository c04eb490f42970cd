/* ca_bundle.c - finding the system's CA certificates at run time.
 *
 * One idea: the answer depends on the machine the provider runs on, not the
 * one it was built on, so look where each distribution family keeps its
 * bundle, and when nothing is there say exactly where we looked.  The order
 * and the meaning of SSL_CERT_FILE / SSL_CERT_DIR follow Go's crypto/x509
 * (what hashicorp/aws uses): each variable replaces its default list. */
#include "ca_bundle.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const ca_bundle_files[] = {
    "/etc/ssl/certs/ca-certificates.crt",                /* Debian, Ubuntu, Alpine, Gentoo */
    "/etc/pki/tls/certs/ca-bundle.crt",                  /* RHEL, Fedora, Amazon Linux */
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", /* RHEL 7 and later */
    "/etc/ssl/ca-bundle.pem",                            /* openSUSE */
    "/etc/ssl/cert.pem",                                 /* Alpine, macOS */
    NULL,
};

static const char *const ca_bundle_dirs[] = {"/etc/ssl/certs", NULL};

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* NULL when path is a readable regular file, else why not. */
static const char *ca_file_problem(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return "missing";
    if (!S_ISREG(st.st_mode))
        return "not a file";
    if (access(path, R_OK) != 0)
        return "not readable";
    if (st.st_size == 0)
        return "empty";
    return NULL;
}

/* OpenSSL looks certificates up in a CA directory by subject hash:
 * "1234abcd.0".  A directory without such a name is of no use to it. */
static int ca_hashed_name(const char *n)
{
    for (int i = 0; i < 8; i++)
        if (!isxdigit((unsigned char)n[i]))
            return 0;
    if (n[8] != '.' || !isdigit((unsigned char)n[9]))
        return 0;
    for (n += 10; *n; n++)
        if (!isdigit((unsigned char)*n))
            return 0;
    return 1;
}

/* NULL when path is a directory holding hashed certificates, else why not. */
static const char *ca_dir_problem(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return access(path, F_OK) == 0 ? "not a readable directory" : "missing";
    const struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d)) != NULL)
        found = ca_hashed_name(e->d_name);
    closedir(d);
    return found ? NULL : "no hashed certificates";
}

/* Appends "what path (why)" to *tried. */
static void ca_tried(tf_arena *a, char **tried, const char *what, const char *path,
                     const char *why)
{
    *tried = tf_arena_printf(a, "%s%s%s%s (%s)", *tried ? *tried : "",
                             *tried ? ", " : "", what, path, why);
}

int ca_bundle_find(tf_arena *a, const char *root, aws_ca_paths *out, aws_error *err)
{
    out->file = out->dir = NULL;
    char *tried = NULL;
    if (!root)
        root = "";

    const char *cert_file = env("SSL_CERT_FILE");
    if (cert_file) {
        const char *why = ca_file_problem(cert_file);
        if (!why)
            out->file = tf_arena_strdup(a, cert_file);
        else
            ca_tried(a, &tried, "SSL_CERT_FILE=", cert_file, why);
    } else {
        for (int i = 0; ca_bundle_files[i] && !out->file; i++) {
            const char *p = tf_arena_printf(a, "%s%s", root, ca_bundle_files[i]);
            const char *why = ca_file_problem(p);
            if (!why)
                out->file = p;
            else
                ca_tried(a, &tried, "", p, why);
        }
    }

    /* A directory is added when SSL_CERT_DIR asks for one (colon-separated,
     * as OpenSSL takes it), or is the last resort when no file was found. */
    const char *cert_dir = env("SSL_CERT_DIR");
    if (cert_dir) {
        char *list = tf_arena_strdup(a, cert_dir), *save = NULL;
        for (char *d = strtok_r(list, ":", &save); d && !out->dir;
             d = strtok_r(NULL, ":", &save)) {
            const char *why = ca_dir_problem(d);
            if (!why)
                out->dir = d;
            else
                ca_tried(a, &tried, "SSL_CERT_DIR=", d, why);
        }
    } else if (!out->file) {
        for (int i = 0; ca_bundle_dirs[i] && !out->dir; i++) {
            const char *p = tf_arena_printf(a, "%s%s", root, ca_bundle_dirs[i]);
            const char *why = ca_dir_problem(p);
            if (!why)
                out->dir = p;
            else
                ca_tried(a, &tried, "directory ", p, why);
        }
    }

    if (out->file || out->dir)
        return 0;
    aws_error_set(err, AWS_ERR_CONFIG, "MissingCABundle",
                  "no CA certificates to verify HTTPS endpoints with; tried: %s. "
                  "Install the system's CA certificates (the ca-certificates package), "
                  "or set AWS_CA_BUNDLE (or the provider argument custom_ca_bundle) "
                  "to a PEM file of trusted certificates",
                  tried ? tried : "nothing");
    return -1;
}
