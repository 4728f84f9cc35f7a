/* bs-dropdown.h — filling the GtkDropDowns of the query and alert builders: a fixed list of
 * translatable words, and the name a screen reader says with the typed-ahead search on the
 * shown text.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets a string-list model of @labels (N_() strings, translated here). */
void bs_dropdown_set_labels (GtkDropDown        *dropdown,
                             const char * const *labels,
                             guint               n);
/* Names @dropdown for assistive technologies and lets typing search its strings. */
void bs_dropdown_set_name   (GtkDropDown        *dropdown,
                             const char         *name);

G_END_DECLS
