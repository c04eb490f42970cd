/* profile.h - the shared config and credentials files (private).
 *
 * ~/.aws/config names sections "[default]" and "[profile NAME]";
 * ~/.aws/credentials names them "[NAME]".  Files are read in order and later
 * files win; for one profile, the credentials files win over the config
 * files, as in the AWS SDKs. */
#ifndef AWS_PROFILE_H
#define AWS_PROFILE_H

#include <stddef.h>

#include "arena.h"

typedef struct aws_profiles aws_profiles;

/* Missing files are skipped (and remembered for error messages). */
aws_profiles *profiles_load(tf_arena *a, const char *const *config_files,
                            size_t n_config, const char *const *cred_files,
                            size_t n_cred);
int profiles_has(const aws_profiles *p, const char *profile);
/* Value of key (lower case) in profile, NULL when absent. */
const char *profiles_get(const aws_profiles *p, const char *profile,
                         const char *key);
/* "FILE1, FILE2" - the files consulted, for error messages. */
const char *profiles_files(const aws_profiles *p);

/* Parses one file's text (exposed for tests). */
void profiles_parse(aws_profiles *p, const char *text, int is_config);
aws_profiles *profiles_new(tf_arena *a);

#endif
