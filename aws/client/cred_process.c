/* cred_process.c - credentials from the profile's credential_process.
 *
 * The command runs through /bin/sh (the SDKs do the same, so quoting in the
 * config file means what users expect), stdin is /dev/null, stderr is left
 * to the provider's, and stdout must be the JSON document of "Version": 1.
 * The output holds secrets, so it is never echoed in an error. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "internal.h"

#define PROCESS_TIMEOUT_MS 60000
#define PROCESS_MAX_OUTPUT (1024 * 1024)

extern char **environ;

/* Runs command, collecting stdout; returns the exit status or -1. */
static int process_run(tf_arena *a, const volatile int *stop, const char *command,
                       aws_buf *out, aws_error *err)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process: pipe: %s", strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    char *argv[] = {"sh", "-c", (char *)command, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process: cannot start /bin/sh: %s", strerror(rc));
        return -1;
    }
    aws_buf_init(out, a);
    long long deadline = aws_mono_ms() + PROCESS_TIMEOUT_MS;
    const char *failure = NULL;
    for (;;) {
        if (stop && *stop) {
            failure = "cancelled";
            break;
        }
        if (aws_mono_ms() > deadline) {
            failure = "timed out";
            break;
        }
        struct pollfd pfd = {.fd = pipefd[0], .events = POLLIN};
        int pr = poll(&pfd, 1, 100);
        if (pr < 0 && errno != EINTR) {
            failure = "poll failed";
            break;
        }
        if (pr <= 0)
            continue;
        char chunk[4096];
        ssize_t n = read(pipefd[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (out->len + (size_t)n > PROCESS_MAX_OUTPUT) {
            failure = "printed too much";
            break;
        }
        aws_buf_putn(out, chunk, (size_t)n);
    }
    close(pipefd[0]);
    if (failure)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (failure) {
        aws_error_set(err, strcmp(failure, "cancelled") == 0 ? AWS_ERR_CANCELLED
                                                            : AWS_ERR_CREDENTIALS,
                      "CredentialProcessError", "credential_process %s", failure);
        return -1;
    }
    if (!WIFEXITED(status)) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process killed by signal %d", WTERMSIG(status));
        return -1;
    }
    return WEXITSTATUS(status);
}

int cred_process(tf_arena *a, const volatile int *stop, const char *command,
                 aws_creds *out, aws_error *err)
{
    aws_buf o;
    int st = process_run(a, stop, command, &o, err);
    if (st < 0)
        return -1;
    if (st != 0) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process exited with status %d", st);
        return -1;
    }
    json_error_t je;
    json_t *j = json_loadb(o.data, o.len, 0, &je);
    memset(o.data, 0, o.len);
    json_t *ver = json_object_get(j, "Version");
    const char *ak = json_string_value(json_object_get(j, "AccessKeyId"));
    const char *sk = json_string_value(json_object_get(j, "SecretAccessKey"));
    const char *tok = json_string_value(json_object_get(j, "SessionToken"));
    const char *exp = json_string_value(json_object_get(j, "Expiration"));
    int rc = -1;
    if (!json_is_object(j))
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process output is not a JSON object");
    else if (!json_is_integer(ver) || json_integer_value(ver) != 1)
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process output: Version must be 1");
    else if (!ak || !*ak || !sk || !*sk)
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process output lacks AccessKeyId/SecretAccessKey");
    else if (exp && aws_parse_time(exp) < 0)
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process output: unreadable Expiration");
    else if (exp && aws_parse_time(exp) <= aws_now())
        aws_error_set(err, AWS_ERR_CREDENTIALS, "CredentialProcessError",
                      "credential_process returned expired credentials");
    else {
        out->access_key = tf_arena_strdup(a, ak);
        out->secret_key = tf_arena_strdup(a, sk);
        out->token = tok ? tf_arena_strdup(a, tok) : NULL;
        out->expires = exp ? aws_parse_time(exp) : 0;
        out->source = "credential_process";
        rc = 0;
    }
    json_decref(j);
    return rc;
}
