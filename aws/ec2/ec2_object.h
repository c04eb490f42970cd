/* ec2_object.h - the steps every simple EC2 resource repeats: reading its
 * object back after a create (waiting for it to become visible) or on
 * refresh, taking the id out of a create's answer, updating tags in place,
 * and a delete that treats "already gone" as done.  Each step reports its
 * failure as a diagnostic naming the object ("EC2 VPN Gateway (vgw-...)"). */
#ifndef AWS_EC2_OBJECT_H
#define AWS_EC2_OBJECT_H

#include <stdbool.h>

#include "ec2_find.h"
#include "provider_meta.h"
#include "schema.h"

/* find for id (retried up to propagation_s while is_new).  EC2_FOUND with
 * *item; otherwise *miss is what the refresh returns: a null object of
 * ctype when a known object is gone, base after a create that cannot read
 * its object (with a diagnostic), NULL on any other error (diagnostic). */
int ec2_object_read(tf_ctx *ctx, const aws_meta *m, ec2_finder find, const char *what,
                    const tf_value *base, const tf_type *ctype, bool is_new,
                    double propagation_s, const aws_xml_node **item, const tf_value **miss);

/* The id at path of a create's answer, or the adopted one; NULL with a
 * diagnostic when there is none. */
const char *ec2_created_id(tf_ctx *ctx, const aws_xml_node *out, const char *adopted,
                           const char *path, const char *action, const char *what);

/* Creates through aws_create_once (spec's lookup for creates without a
 * token) and returns the new (or adopted) object's id at id_path; NULL with
 * a diagnostic.  *out is the answer (NULL when adopted). */
const char *ec2_object_create(tf_ctx *ctx, const aws_meta *m, const aws_create_once *spec,
                              aws_params *p, const char *id_path, const char *what,
                              aws_xml_node **out);

/* Polls find until the object's `state` is want, or until it is gone when
 * want is NULL (a missing object is "not yet there" otherwise); a state
 * containing "failed" ends the wait with an error carrying the object's
 * stateMessage/statusMessage.  0, or -1 with err. */
int ec2_object_wait_state(tf_ctx *ctx, const aws_meta *m, ec2_finder find, const char *id,
                          const char *want, double timeout_s, aws_error *err);

/* Applies a tags_all change between prior and planned to id; 0, or -1
 * with a diagnostic. */
int ec2_object_update_tags(tf_ctx *ctx, const aws_meta *m, const tf_value *prior,
                           const tf_value *planned, const char *what);

/* Calls action with param = id; 0 when done, 1 when the answer was
 * gone_code (nothing to delete), -1 with a diagnostic. */
int ec2_object_delete(tf_ctx *ctx, const aws_meta *m, const char *action, const char *param,
                      const char *id, const char *gone_code, const char *what);

#endif
