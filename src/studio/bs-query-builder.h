/* bs-query-builder.h — a query put together from dropdowns only: source, table or metric,
 * measure and its column, aggregation, up to two splits, filters, time range and its
 * column, bucket. Every dropdown is filled from the real schema of the chosen source (GET
 * datasources/{id}/schema, and ?metric= for the labels of a metric), and the query reads as
 * a sentence (bs_query_describe) above them.
 *
 * Each time the choices make a different valid query, "query-changed" is emitted with it.
 * A filter value that does not fit its column (a word where a number belongs) is refused:
 * the entry is marked, a message says why, and no query is emitted until it is fixed.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-engine-client.h"
#include "bs-profile.h"
#include "bs-query.h"

G_BEGIN_DECLS

#define BS_TYPE_QUERY_BUILDER (bs_query_builder_get_type ())
G_DECLARE_FINAL_TYPE (BsQueryBuilder, bs_query_builder, BS, QUERY_BUILDER, GtkWidget)

/* @client may be NULL (set it later). */
GtkWidget      *bs_query_builder_new           (BsEngineClient     *client);
void            bs_query_builder_set_client    (BsQueryBuilder     *self,
                                                BsEngineClient     *client);
BsEngineClient *bs_query_builder_get_client    (BsQueryBuilder     *self);

/* Chooses the source and its table (or metric; NULL: the first one). Works before the
 * sources are loaded: the choice is made once they are. */
void            bs_query_builder_set_source    (BsQueryBuilder     *self,
                                                gint64              source_id,
                                                const char         *table);
/* 0 and NULL until a source and table are chosen. */
gint64          bs_query_builder_get_source_id (BsQueryBuilder     *self);
const char     *bs_query_builder_get_table     (BsQueryBuilder     *self);

/* Puts @query's choices into the dropdowns (for editing a saved query): its source and
 * table are loaded first, then the rest chosen. */
void            bs_query_builder_set_query     (BsQueryBuilder     *self,
                                                const BsQuery      *query);
/* The last valid query the dropdowns made (the one "query-changed" gave), or NULL. */
const BsQuery  *bs_query_builder_get_query     (BsQueryBuilder     *self);
/* Why the choices make no query now, in plain words (a refused filter value, a schema that
 * could not be read), or NULL. */
const char     *bs_query_builder_get_error     (BsQueryBuilder     *self);
/* TRUE while sources or a schema are being read. */
gboolean        bs_query_builder_get_loading   (BsQueryBuilder     *self);
/* The sentence on show, e.g. "Sum of quantity for each product_id, over the last 24
 * hours", or NULL. */
const char     *bs_query_builder_get_sentence  (BsQueryBuilder     *self);

/* How much help text to show, like the workbenches' (see BsExplanation). */
void            bs_query_builder_set_verbosity (BsQueryBuilder     *self,
                                                BsProfileVerbosity  verbosity);

/* For a form that describes the whole query itself and takes one value per series: hides
 * the sentence and the "One value per" row. */
void            bs_query_builder_set_embedded  (BsQueryBuilder     *self,
                                                gboolean            embedded);
/* Adds the clause names ("From", "Show", …) to @group, so that they line up with the
 * caller's own. */
void            bs_query_builder_add_labels_to (BsQueryBuilder     *self,
                                                GtkSizeGroup       *group);

/* Adds an empty filter row (as the "Add a Filter" button does) and returns its index. */
guint           bs_query_builder_add_filter    (BsQueryBuilder     *self);
guint           bs_query_builder_get_n_filters (BsQueryBuilder     *self);

G_END_DECLS
