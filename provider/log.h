/* log.h - provider logging on stderr.
 *
 * Terraform reads a plugin's stderr through go-plugin, which understands
 * hclog's JSON lines ({"@level":..,"@message":..,"@timestamp":..}).  The level
 * comes from TF_LOG_PROVIDER, else TF_LOG (TRACE, DEBUG, INFO, WARN, ERROR,
 * OFF; JSON means TRACE).  Nothing is written when logging is off.
 * Callers must never pass secrets: keys, tokens, signatures. */
#ifndef TF_LOG_H
#define TF_LOG_H

typedef enum {
    TF_LOG_TRACE = 0,
    TF_LOG_DEBUG,
    TF_LOG_INFO,
    TF_LOG_WARN,
    TF_LOG_ERROR,
    TF_LOG_OFF,
} tf_log_level;

/* Reads the environment once; safe to call again. */
void tf_log_init(void);
int tf_log_enabled(tf_log_level level);
void tf_log(tf_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define TF_TRACE(...) do { if (tf_log_enabled(TF_LOG_TRACE)) tf_log(TF_LOG_TRACE, __VA_ARGS__); } while (0)
#define TF_DEBUG(...) do { if (tf_log_enabled(TF_LOG_DEBUG)) tf_log(TF_LOG_DEBUG, __VA_ARGS__); } while (0)
#define TF_INFO(...)  do { if (tf_log_enabled(TF_LOG_INFO))  tf_log(TF_LOG_INFO, __VA_ARGS__); } while (0)
#define TF_WARN(...)  do { if (tf_log_enabled(TF_LOG_WARN))  tf_log(TF_LOG_WARN, __VA_ARGS__); } while (0)
#define TF_ERROR(...) do { if (tf_log_enabled(TF_LOG_ERROR)) tf_log(TF_LOG_ERROR, __VA_ARGS__); } while (0)

#endif
