/* bs-query-preview.h — the live answer to a query: a small chart (BsFrameChart) and the
 * rows (BsFrameView), "N rows in X ms", a note when the rows were cut off, the query text
 * the engine ran (for those who read SQL or PromQL), and errors in plain words.
 *
 * Each new query cancels the request still running for the previous one and, after a
 * short pause (so that a person going through a dropdown with the arrow keys does not send
 * a request a key), sends POST query through the engine client. Nothing waits on the main
 * loop.
 *
 * Signals: "started" when a request goes out, "finished" when its answer or error is on
 * show (a cancelled request gives neither "finished" nor anything on show).
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-engine-client.h"
#include "bs-frame-chart.h"
#include "bs-frame-view.h"
#include "bs-query-builder.h"
#include "bs-query.h"

G_BEGIN_DECLS

#define BS_QUERY_PREVIEW_DEBOUNCE_MS 150
#define BS_QUERY_PREVIEW_DEFAULT_LIMIT 1000

#define BS_TYPE_QUERY_PREVIEW (bs_query_preview_get_type ())
G_DECLARE_FINAL_TYPE (BsQueryPreview, bs_query_preview, BS, QUERY_PREVIEW, GtkWidget)

/* @client may be NULL (set it later). */
GtkWidget      *bs_query_preview_new            (BsEngineClient *client);
void            bs_query_preview_set_client     (BsQueryPreview *self,
                                                 BsEngineClient *client);
/* Runs @query (copied) after the pause; NULL cancels what runs and shows nothing. */
void            bs_query_preview_set_query      (BsQueryPreview *self,
                                                 const BsQuery  *query);
const BsQuery  *bs_query_preview_get_query      (BsQueryPreview *self);
/* Shows what @builder makes, as it makes it (NULL: stop following). */
void            bs_query_preview_follow         (BsQueryPreview *self,
                                                 BsQueryBuilder *builder);
/* The most rows to fetch (default BS_QUERY_PREVIEW_DEFAULT_LIMIT). */
void            bs_query_preview_set_limit      (BsQueryPreview *self,
                                                 guint           limit);
/* Runs the query again now (no pause). */
void            bs_query_preview_refresh        (BsQueryPreview *self);

/* TRUE from a new query until its answer (or error) is shown. */
gboolean        bs_query_preview_get_busy       (BsQueryPreview *self);
/* The frame on show, or NULL. */
JsonObject     *bs_query_preview_get_frame      (BsQueryPreview *self);
/* The error on show, in plain words, or NULL. */
const char     *bs_query_preview_get_error      (BsQueryPreview *self);
/* "20 rows in 3.4 ms", or NULL. */
const char     *bs_query_preview_get_status     (BsQueryPreview *self);
BsFrameView    *bs_query_preview_get_frame_view (BsQueryPreview *self);
BsFrameChart   *bs_query_preview_get_chart      (BsQueryPreview *self);

G_END_DECLS
