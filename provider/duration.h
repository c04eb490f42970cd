/* duration.h - Go's time.ParseDuration syntax ("90s", "1h30m", "1.5h").
 *
 * Terraform users write timeouts and waits the way Go parses them, so the
 * provider accepts exactly that syntax: an optional sign, then one or more
 * decimal numbers each followed by a unit (ns, us, µs, μs, ms, s, m, h);
 * "0" alone is allowed. */
#ifndef TF_DURATION_H
#define TF_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses s[0..len) into nanoseconds.  On failure returns false and writes
 * Go's error wording (e.g. `time: unknown unit "d" in duration "1d"`) into
 * err. */
bool tf_duration_parse(const char *s, size_t len, int64_t *out_ns,
                       char *err, size_t errlen);

#endif
