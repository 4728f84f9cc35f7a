/* bs-add-source-dialog.h — the window that adds a data source to the engine:
 *
 *   SQLite file   chosen with a file chooser, POST datasources;
 *   CSV file      chosen with a file chooser, POST imports, then a progress bar fed by
 *                 GET imports/{id} every 200 ms, a Cancel button, and the report (rows
 *                 imported, lines left out and why);
 *   Prometheus    a URL, POST datasources, then GET datasources/{id}/health;
 *   Grafana       a URL and a token, POST grafana/datasources to list the instance's data
 *                 sources, one picked, POST datasources, then the health check.
 *
 * Errors are shown in plain words under the field they concern. Every request is
 * cancelled when the window closes; an import still running is cancelled too.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

#define BS_TYPE_ADD_SOURCE_DIALOG (bs_add_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsAddSourceDialog, bs_add_source_dialog, BS, ADD_SOURCE_DIALOG, AdwWindow)

/* Emits "source-added" (JsonObject *item, an item of GET datasources) for each source the
 * engine now has because of this window. */
GtkWidget  *bs_add_source_dialog_new          (BsEngineClient    *client);
/* Shows the form for @kind ("sqlite", "csv", "prometheus", "grafana"), as the rows of the
 * first page do; NULL goes back to those rows. */
void        bs_add_source_dialog_choose_kind  (BsAddSourceDialog *self,
                                               const char        *kind);
/* The file for the SQLite or CSV form: what the file chooser's response gives. */
void        bs_add_source_dialog_set_file     (BsAddSourceDialog *self,
                                               GFile             *file);
/* What the main button in the header bar does on the page on show (Add, Import, Connect,
 * Check Again, Done). */
void        bs_add_source_dialog_submit       (BsAddSourceDialog *self);
/* "kind", "sqlite", "csv", "import", "report", "prometheus" or "grafana". */
const char *bs_add_source_dialog_get_page     (BsAddSourceDialog *self);
/* TRUE while a request to the engine is under way. */
gboolean    bs_add_source_dialog_get_busy     (BsAddSourceDialog *self);
/* The error on show on the current page, or NULL. */
const char *bs_add_source_dialog_get_error    (BsAddSourceDialog *self);
/* The import's last state (GET imports/{id}), or NULL before one started. */
JsonObject *bs_add_source_dialog_get_import   (BsAddSourceDialog *self);

G_END_DECLS
