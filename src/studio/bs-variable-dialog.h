/* bs-variable-dialog.h — the dashboard's template variables, listed and changed: remove
 * one, or add one that lists the values of a column of a table (a source, table and column
 * chosen from the engine's real schema). A panel uses it in a filter as "$name"; the
 * dashboard shows it as a dropdown (bs-variable-bar.h).
 *
 * It changes the dashboard it was given in place and emits ::changed with a description
 * for the undo history after each change.
 */
#pragma once

#include <adwaita.h>

#include "bs-dashboard.h"
#include "bs-engine-client.h"

G_BEGIN_DECLS

#define BS_TYPE_VARIABLE_DIALOG (bs_variable_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsVariableDialog, bs_variable_dialog, BS, VARIABLE_DIALOG, AdwWindow)

/* @dashboard is borrowed: keep it alive while the dialog is open. */
BsVariableDialog *bs_variable_dialog_new           (GtkWindow        *parent,
                                                    BsEngineClient   *client,
                                                    BsDashboard      *dashboard);
/* Adds the variable the form describes, as the Add button does; FALSE (and the form says
 * why) when a field is missing or the name is taken or not a name. */
gboolean          bs_variable_dialog_add           (BsVariableDialog *self);
/* For tests: fills the form. */
void              bs_variable_dialog_set_form      (BsVariableDialog *self,
                                                    const char       *name,
                                                    const char       *label,
                                                    gint64            source_id,
                                                    const char       *table,
                                                    const char       *column);
/* TRUE once the sources and the chosen source's tables are read. */
gboolean          bs_variable_dialog_get_ready     (BsVariableDialog *self);

/* Signals:
 *   ::changed (const char *label)
 */

G_END_DECLS
