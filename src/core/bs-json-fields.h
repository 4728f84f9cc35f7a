/* bs-json-fields.h — reading the members of a JSON object a person or a program sent, with
 * errors that name the field (“The field “title” must be a string”) in the caller's own
 * error domain and code; and lenient reads of documents kept as they came (Grafana's), where
 * a member of another type is as good as absent. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sets “The field “@field” @what” in @domain with @code; returns FALSE. */
gboolean  bs_json_field_invalid      (GError      **error,
                                      GQuark        domain,
                                      int           code,
                                      const char   *field,
                                      const char   *what);
/* An optional string member: *@out is NULL when it is absent or null. FALSE (with an error
 * naming @field) only when it is there but not a string. */
gboolean  bs_json_field_get_string   (JsonObject   *object,
                                      const char   *member,
                                      const char   *field,
                                      const char  **out,
                                      GQuark        domain,
                                      int           code,
                                      GError      **error);
/* The same, but absent or null is “is required”. */
gboolean  bs_json_field_get_required_string (JsonObject   *object,
                                             const char   *member,
                                             const char   *field,
                                             const char  **out,
                                             GQuark        domain,
                                             int           code,
                                             GError      **error);
/* An optional true or false: *@out is untouched when the member is absent or null. */
gboolean  bs_json_field_get_boolean  (JsonObject   *object,
                                      const char   *member,
                                      gboolean     *out,
                                      GQuark        domain,
                                      int           code,
                                      GError      **error);
/* Required UTF-8 text of at most @max_bytes. */
gboolean  bs_json_field_check_text   (const char   *text,
                                      const char   *field,
                                      gsize         max_bytes,
                                      GQuark        domain,
                                      int           code,
                                      GError      **error);
/* A required title or name as lists show it: 1 to 190 characters, not spaces alone. */
gboolean  bs_json_field_check_title  (const char   *title,
                                      const char   *field,
                                      GQuark        domain,
                                      int           code,
                                      GError      **error);

/* @object's @member (@object may be NULL) when it is a string, an object or true; else NULL
 * or FALSE. */
const char *bs_json_member_string    (JsonObject   *object,
                                      const char   *member);
JsonObject *bs_json_member_object    (JsonObject   *object,
                                      const char   *member);
gboolean    bs_json_member_is_true   (JsonObject   *object,
                                      const char   *member);

G_END_DECLS
