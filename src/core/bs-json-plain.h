/* bs-json-plain.h — JSON objects of plain strings ({"product":"17","region":"North"}),
 * written and read without json-glib's builder, generator and parser objects.
 *
 * Alert series are keyed and stored by their labels, tens of thousands per evaluation
 * cycle; creating and destroying those objects for each cost more than the rest of the
 * evaluation. Plain text (printable ASCII but the quote and the backslash, which is what
 * labels nearly always are) is written exactly as json-glib writes it; anything else is
 * left to json-glib (the functions return NULL). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean    bs_json_plain_is_plain (const char          *text);
/* {"name":"value",…} in the order given, or NULL when a name or value is not plain. */
char       *bs_json_plain_write    (const char * const  *names,
                                    const char * const  *values,
                                    guint                n_members);
/* The members of an object whose members are all plain strings, in order, or NULL. */
char       *bs_json_plain_write_object (JsonObject      *object);
/* The object of a text in exactly that form, or NULL. */
JsonObject *bs_json_plain_read     (const char          *text);

G_END_DECLS
