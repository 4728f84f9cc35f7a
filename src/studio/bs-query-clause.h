/* bs-query-clause.h — one clause of the query builder's sentence: its dropdowns and words
 * side by side, wrapping onto more lines when the window is narrow. A GtkFlowBox would wrap
 * too, but would keep the Tab key for itself; here focus goes from one dropdown to the next
 * in order. A child that expands horizontally takes what is left of its line.
 *
 * Children are added in .ui files with <child>, or with bs_query_clause_append ().
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_QUERY_CLAUSE (bs_query_clause_get_type ())
G_DECLARE_FINAL_TYPE (BsQueryClause, bs_query_clause, BS, QUERY_CLAUSE, GtkWidget)

GtkWidget *bs_query_clause_new    (void);
void       bs_query_clause_append (BsQueryClause *self,
                                   GtkWidget     *child);

G_END_DECLS
