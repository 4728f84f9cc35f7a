/* bs-dashboard-editor.c — one dashboard open in the designer: editing, undo, drafts.
 *
 * Saving, loading, export and publishing (the parts that talk to the engine or write files)
 * are in bs-dashboard-editor-io.c.
 */
#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <math.h>

#include "bs-dashboard-canvas.h"
#include "bs-dashboard-editor-private.h"
#include "bs-dashboard-palette.h"
#include "bs-dashboard-panel-view.h"
#include "bs-dashboard-template.h"
#include "bs-dashboard-versions-dialog.h"
#include "bs-dashboard-view-query.h"
#include "bs-panel-editor.h"
#include "bs-panel-type.h"
#include "bs-time-range-picker.h"
#include "bs-variable-bar.h"
#include "bs-variable-dialog.h"

/* Long enough that a drag or a typed title is one draft write, short enough that a crash
 * right after a change loses almost nothing. */
#define AUTOSAVE_DELAY_MS 2000

enum {
  BACK,
  SAVED,
  LOAD_FAILED,
  CREATE_ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsDashboardEditor, bs_dashboard_editor, GTK_TYPE_WIDGET)

/* --- what the toolbar says ----------------------------------------------------------- */

static void
update_status (BsDashboardEditor *self)
{
  gboolean dirty = bs_dashboard_editor_get_dirty (self);
  const char *status;

  if (self->history == NULL)
    status = "";
  else if (!self->can_edit)
    status = _("Read-only");
  else if (self->saving)
    status = _("Saving…");
  else if (dirty)
    status = _("Unsaved changes");
  else if (self->version > 0)
    status = self->published ? _("Saved · Published") : _("Saved");
  else
    status = _("Not saved yet");
  gtk_label_set_label (self->status_label, status);
  /* It lets the pointer through (can-target false), so a drop lands on the canvas under it. */
  gtk_widget_set_visible (self->empty_hint, self->dashboard != NULL && self->can_edit &&
                                            self->dashboard->panels->len == 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.undo",
                                 self->history != NULL && self->can_edit &&
                                 bs_dashboard_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.redo",
                                 self->history != NULL && self->can_edit &&
                                 bs_dashboard_history_can_redo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 self->can_edit && !self->saving &&
                                 (dirty || self->version == 0));
  g_simple_action_set_enabled (self->published_action, self->can_edit && self->version > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.variables",
                                 self->can_edit && self->dashboard != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.versions",
                                 self->can_edit && self->version > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_button),
                               self->history != NULL
                               ? bs_dashboard_history_get_undo_label (self->history) : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->redo_button),
                               self->history != NULL
                               ? bs_dashboard_history_get_redo_label (self->history) : NULL);
}

static void
show_title (BsDashboardEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->title_label),
                         self->dashboard != NULL ? self->dashboard->title : "");
}

/* --- autosaved drafts ---------------------------------------------------------------- */

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BsDashboardEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_dashboard_drafts_save_finish (BS_DASHBOARD_DRAFTS (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep a draft: %s"),
                                                  error->message);

      bs_dashboard_editor_toast (self, message);
    }
}

static gboolean
autosave_cb (gpointer user_data)
{
  BsDashboardEditor *self = user_data;

  self->autosave_id = 0;
  if (self->dashboard == NULL || !bs_dashboard_editor_get_dirty (self))
    return G_SOURCE_REMOVE;

  bs_dashboard_drafts_save_async (self->drafts, self->dashboard, self->version,
                                  self->cancellable, draft_saved_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (BsDashboardEditor *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_cb, self);
}

/* 32 characters of [0-9a-f]: inside what Grafana accepts for a uid (8–40 of [A-Za-z0-9_-]). */
static char *
new_uid (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *uid = g_string_new (NULL);

  for (const char *c = uuid; *c != '\0'; c++)
    if (*c != '-')
      g_string_append_c (uid, *c);
  return g_string_free (uid, FALSE);
}

/* --- showing the dashboard ----------------------------------------------------------- */

/* The panels as the variables' chosen values say (the bar holds them). */
static void
show_panels (BsDashboardEditor *self)
{
  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = bs_variable_bar_dup_values (self->variable_bar);
  bs_dashboard_canvas_set_dashboard (self->canvas, self->dashboard);
}

static void
show_dashboard (BsDashboardEditor *self)
{
  bs_variable_bar_set_dashboard (self->variable_bar, self->dashboard);
  bs_time_range_picker_set_range (self->time_picker,
                                  self->dashboard->time_from, self->dashboard->time_to,
                                  self->dashboard->refresh);
  show_title (self);
  show_panels (self);
}

/* The working copy becomes @state (an undo or redo): the panel editor follows it, or
 * closes when its panel is gone. */
static void
replace_dashboard (BsDashboardEditor *self,
                   const BsDashboard *state)
{
  BsDashboard *old = self->dashboard;
  BsDashboardPanel *editing;

  self->dashboard = bs_dashboard_copy (state);
  show_dashboard (self);
  g_clear_pointer (&old, bs_dashboard_free);

  editing = self->editing_panel != 0
            ? bs_dashboard_find_panel (self->dashboard, self->editing_panel) : NULL;
  if (editing != NULL)
    bs_panel_editor_set_panel (self->panel_editor, editing);
  else if (self->editing_panel != 0)
    bs_dashboard_editor_close_panel_editor (self);
  update_status (self);
}

/* Every change ends here: into the history, the status, and a draft soon. */
static void
record (BsDashboardEditor *self,
        const char        *label)
{
  if (!bs_dashboard_history_push (self->history, self->dashboard, label))
    return;
  update_status (self);
  schedule_autosave (self);
}

/* Shows the state an undo or redo stepped to (NULL: there was none). */
static void
show_step (BsDashboardEditor *self,
           const BsDashboard *state)
{
  if (state == NULL)
    return;
  replace_dashboard (self, state);
  schedule_autosave (self);
}

void
bs_dashboard_editor_undo (BsDashboardEditor *self)
{
  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  if (self->history != NULL && self->can_edit)
    show_step (self, bs_dashboard_history_undo (self->history));
}

void
bs_dashboard_editor_redo (BsDashboardEditor *self)
{
  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  if (self->history != NULL && self->can_edit)
    show_step (self, bs_dashboard_history_redo (self->history));
}

void
bs_dashboard_editor_open (BsDashboardEditor *self,
                          const BsDashboard *dashboard,
                          gint64             version,
                          gboolean           can_edit,
                          gboolean           published,
                          gboolean           dirty)
{
  g_autoptr(BsDashboard) copy = NULL;

  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));
  g_return_if_fail (dashboard != NULL);

  bs_dashboard_editor_close_panel_editor (self);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_object (&self->history);

  copy = bs_dashboard_copy (dashboard);
  /* Drafts and saves go by uid: a dashboard imported without one gets one now. */
  if (copy->uid == NULL || *copy->uid == '\0')
    {
      g_free (copy->uid);
      copy->uid = new_uid ();
    }

  self->version = version;
  self->can_edit = can_edit;
  self->published = published;
  /* An import or a restored draft is unsaved until saved, though there is nothing to undo. */
  self->opened_dirty = dirty;
  self->history = bs_dashboard_history_new (copy);

  bs_dashboard_canvas_set_editable (self->canvas, can_edit);
  gtk_editable_set_editable (GTK_EDITABLE (self->title_label), can_edit);
  gtk_widget_set_visible (GTK_WIDGET (self->palette_button), can_edit);
  gtk_widget_set_visible (self->edit_buttons, can_edit);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), can_edit);
  gtk_toggle_button_set_active (self->palette_button, FALSE);
  g_simple_action_set_state (self->published_action, g_variant_new_boolean (published));

  replace_dashboard (self, bs_dashboard_history_get_current (self->history));
  if (dirty)
    schedule_autosave (self);
}

GtkWidget *
bs_dashboard_editor_new (void)
{
  return g_object_new (BS_TYPE_DASHBOARD_EDITOR, NULL);
}

const BsDashboard *
bs_dashboard_editor_get_dashboard (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), NULL);

  return self->dashboard;
}

gint64
bs_dashboard_editor_get_version (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), 0);

  return self->version;
}

gboolean
bs_dashboard_editor_get_dirty (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), FALSE);

  return self->history != NULL &&
         (self->opened_dirty || bs_dashboard_history_is_dirty (self->history));
}

gboolean
bs_dashboard_editor_get_can_edit (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), FALSE);

  return self->can_edit;
}

GtkWidget *
bs_dashboard_editor_get_canvas (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), NULL);

  return GTK_WIDGET (self->canvas);
}

GtkWidget *
bs_dashboard_editor_get_palette (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), NULL);

  return GTK_WIDGET (self->palette);
}

GtkWidget *
bs_dashboard_editor_get_panel_editor (BsDashboardEditor *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), NULL);

  return GTK_WIDGET (self->panel_editor);
}

/* --- the panels ---------------------------------------------------------------------- */

static void
panel_edit_requested_cb (BsDashboardPanelView *view,
                         BsDashboardEditor    *self)
{
  bs_dashboard_editor_edit_panel (self, bs_dashboard_panel_view_get_panel_id (view));
}

static void
panel_duplicate_requested_cb (BsDashboardPanelView *view,
                              BsDashboardEditor    *self)
{
  bs_dashboard_canvas_duplicate_panel (self->canvas, bs_dashboard_panel_view_get_panel_id (view));
}

static void
panel_delete_requested_cb (BsDashboardPanelView *view,
                           BsDashboardEditor    *self)
{
  bs_dashboard_canvas_delete_panel (self->canvas, bs_dashboard_panel_view_get_panel_id (view));
}

static void
panel_create_alert_cb (BsDashboardPanelView *view,
                       BsQuery              *query,
                       BsDashboardEditor    *self)
{
  g_signal_emit (self, signals[CREATE_ALERT], 0, query);
}

static GtkWidget *
create_panel_view (BsDashboardCanvas      *canvas,
                   const BsDashboardPanel *panel,
                   gpointer                user_data)
{
  BsDashboardEditor *self = user_data;
  GtkWidget *view = bs_dashboard_panel_view_new (self->data);

  bs_dashboard_panel_view_set_editable (BS_DASHBOARD_PANEL_VIEW (view), self->can_edit);
  g_signal_connect (view, "edit-requested", G_CALLBACK (panel_edit_requested_cb), self);
  g_signal_connect (view, "duplicate-requested",
                    G_CALLBACK (panel_duplicate_requested_cb), self);
  g_signal_connect (view, "delete-requested", G_CALLBACK (panel_delete_requested_cb), self);
  g_signal_connect (view, "create-alert-requested", G_CALLBACK (panel_create_alert_cb), self);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), self->dashboard, panel,
                                     self->values);
  return view;
}

static void
update_panel_view (BsDashboardCanvas      *canvas,
                   GtkWidget              *widget,
                   const BsDashboardPanel *panel,
                   gpointer                user_data)
{
  BsDashboardEditor *self = user_data;
  BsDashboardPanelView *view = BS_DASHBOARD_PANEL_VIEW (widget);

  bs_dashboard_panel_view_set_editable (view, self->can_edit);
  bs_dashboard_panel_view_set_panel (view, self->dashboard, panel, self->values);
}

static void
canvas_edited_cb (BsDashboardEditor *self,
                  const char        *label)
{
  BsDashboardPanel *editing = self->editing_panel != 0
                              ? bs_dashboard_find_panel (self->dashboard, self->editing_panel)
                              : NULL;

  if (self->editing_panel != 0 && editing == NULL)
    bs_dashboard_editor_close_panel_editor (self);
  record (self, label);
}

static void
panel_added_cb (BsDashboardEditor *self,
                gint64             id)
{
  /* A new panel shows nothing until it has data: choosing it is the next step. */
  bs_dashboard_editor_edit_panel (self, id);
}

static void
palette_add_cb (BsDashboardEditor *self,
                const char        *type)
{
  gint64 id = bs_dashboard_canvas_add_panel (self->canvas, type, -1, -1);

  if (id != 0)
    bs_dashboard_canvas_select_panel (self->canvas, id);
}

gint64
bs_dashboard_editor_add_suggestion (BsDashboardEditor *self,
                                    const char        *suggestion_id,
                                    int                x,
                                    int                y)
{
  BsDashboardPanel *panel;
  gint64 id;

  g_return_val_if_fail (BS_IS_DASHBOARD_EDITOR (self), 0);
  g_return_val_if_fail (suggestion_id != NULL, 0);

  if (self->dashboard == NULL || !self->can_edit || self->source_id <= 0)
    return 0;
  panel = bs_dashboard_template_suggested_panel (suggestion_id, self->source_id);
  if (panel == NULL)
    return 0;
  /* Unlike a new panel of a type, it has its data already: no editor sheet to open. */
  id = bs_dashboard_canvas_insert_panel (self->canvas, panel, x, y);
  if (id != 0)
    bs_dashboard_canvas_select_panel (self->canvas, id);
  return id;
}

static void
palette_suggestion_cb (BsDashboardEditor *self,
                       const char        *suggestion_id)
{
  bs_dashboard_editor_add_suggestion (self, suggestion_id, -1, -1);
}

/* Only where the canvas would take a panel type by pointer: editable and wide enough. */
static gboolean
canvas_takes_drops (BsDashboardEditor *self)
{
  return self->dashboard != NULL && self->can_edit &&
         bs_dashboard_canvas_get_editable (self->canvas) &&
         gtk_widget_get_width (GTK_WIDGET (self->canvas)) >= BS_DASHBOARD_CANVAS_NARROW_WIDTH;
}

static GdkDragAction
suggestion_motion_cb (GtkDropTarget     *target,
                      double             x,
                      double             y,
                      BsDashboardEditor *self)
{
  gboolean takes = canvas_takes_drops (self);

  /* The canvas draws a landing cell only for panel types: the outline says it takes this. */
  if (takes)
    gtk_widget_add_css_class (GTK_WIDGET (self->canvas), "suggestion-drop");
  return takes ? GDK_ACTION_COPY : 0;
}

static void
suggestion_leave_cb (GtkDropTarget     *target,
                     BsDashboardEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->canvas), "suggestion-drop");
}

/* A suggestion's top-left corner lands on the cell under the pointer, as a type's does. */
static gboolean
suggestion_dropped_cb (GtkDropTarget     *target,
                       const GValue      *value,
                       double             x,
                       double             y,
                       BsDashboardEditor *self)
{
  const char *suggestion_id = g_value_get_boxed (value);
  double column_width, row_height;

  suggestion_leave_cb (target, self);
  if (suggestion_id == NULL || !canvas_takes_drops (self))
    return FALSE;
  bs_dashboard_canvas_get_cell_size (self->canvas, &column_width, &row_height);
  return bs_dashboard_editor_add_suggestion (self, suggestion_id,
                                             (int) floor (MAX (0, x) / column_width),
                                             (int) floor (MAX (0, y) / row_height)) != 0;
}

static void
show_suggestions (BsDashboardEditor *self)
{
  bs_dashboard_palette_set_suggestions (self->palette,
                                        self->source_id > 0
                                        ? (const char * const *) self->suggestions : NULL);
}

void
bs_dashboard_editor_set_suggestions (BsDashboardEditor  *self,
                                     const char * const *suggestion_ids)
{
  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  g_strfreev (self->suggestions);
  self->suggestions = g_strdupv ((char **) suggestion_ids);
  show_suggestions (self);
}

static void
palette_toggled_cb (BsDashboardEditor *self)
{
  /* One side sheet at a time, so that the canvas keeps its width. */
  if (gtk_toggle_button_get_active (self->palette_button) && self->editing_panel != 0)
    bs_dashboard_editor_close_panel_editor (self);
}

/* --- the panel editor sheet ---------------------------------------------------------- */

void
bs_dashboard_editor_edit_panel (BsDashboardEditor *self,
                                gint64             id)
{
  BsDashboardPanel *panel;

  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  panel = self->dashboard != NULL ? bs_dashboard_find_panel (self->dashboard, id) : NULL;
  if (panel == NULL || !self->can_edit || bs_dashboard_panel_is_row (panel))
    return;

  self->editing_panel = id;
  bs_panel_editor_set_panel (self->panel_editor, panel);
  /* One side sheet at a time, so that the canvas keeps its width. */
  gtk_toggle_button_set_active (self->palette_button, FALSE);
  gtk_revealer_set_reveal_child (self->editor_revealer, TRUE);
}

void
bs_dashboard_editor_close_panel_editor (BsDashboardEditor *self)
{
  gint64 id = self->editing_panel;

  self->editing_panel = 0;
  gtk_revealer_set_reveal_child (self->editor_revealer, FALSE);
  bs_panel_editor_set_panel (self->panel_editor, NULL);
  if (id != 0 && self->dashboard != NULL)
    bs_dashboard_canvas_select_panel (self->canvas, id);
}

/* Puts the editor's copy of the panel where the panel is, keeping where the canvas has it
 * now: it may have been moved since the sheet opened. */
static void
panel_edited_cb (BsDashboardEditor *self)
{
  const BsDashboardPanel *edited = bs_panel_editor_get_panel (self->panel_editor);
  GPtrArray *panels = self->dashboard != NULL ? self->dashboard->panels : NULL;

  if (edited == NULL || panels == NULL)
    return;

  for (guint i = 0; i < panels->len; i++)
    {
      BsDashboardPanel *old = g_ptr_array_index (panels, i);
      BsDashboardPanel *copy;

      if (old->id != edited->id)
        continue;
      copy = bs_dashboard_panel_copy (edited);
      copy->x = old->x;
      copy->y = old->y;
      copy->w = old->w;
      copy->h = old->h;
      /* The array frees the old panel. */
      g_ptr_array_index (panels, i) = copy;
      bs_dashboard_panel_free (old);
      bs_dashboard_canvas_set_dashboard (self->canvas, self->dashboard);
      record (self, bs_panel_editor_get_change_label (self->panel_editor));
      return;
    }
}

static void
editor_create_alert_cb (BsDashboardEditor *self,
                        BsQuery           *query)
{
  g_signal_emit (self, signals[CREATE_ALERT], 0, query);
}

/* --- toolbar ------------------------------------------------------------------------- */

static void
back_clicked_cb (BsDashboardEditor *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
title_editing_cb (BsDashboardEditor *self)
{
  g_autofree char *title = NULL;

  if (gtk_editable_label_get_editing (self->title_label) || self->dashboard == NULL)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_label))));
  if (*title == '\0' || g_str_equal (title, self->dashboard->title))
    {
      show_title (self);
      return;
    }
  g_free (self->dashboard->title);
  self->dashboard->title = g_steal_pointer (&title);
  record (self, _("Rename Dashboard"));
}

static void
time_changed_cb (BsDashboardEditor *self)
{
  BsDashboard *dashboard = self->dashboard;

  if (dashboard == NULL)
    return;
  g_free (dashboard->time_from);
  g_free (dashboard->time_to);
  g_free (dashboard->refresh);
  dashboard->time_from = g_strdup (bs_time_range_picker_get_from (self->time_picker));
  dashboard->time_to = g_strdup (bs_time_range_picker_get_to (self->time_picker));
  dashboard->refresh = g_strdup (bs_time_range_picker_get_refresh (self->time_picker));
  bs_dashboard_canvas_set_dashboard (self->canvas, dashboard);
  if (self->can_edit)
    record (self, _("Change Time Range"));
}

static void
refresh_cb (BsDashboardEditor *self)
{
  const BsDashboard *dashboard = self->dashboard;

  for (guint i = 0; dashboard != NULL && i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      GtkWidget *view = bs_dashboard_canvas_get_panel_widget (self->canvas, panel->id);

      if (BS_IS_DASHBOARD_PANEL_VIEW (view))
        bs_dashboard_panel_view_refresh (BS_DASHBOARD_PANEL_VIEW (view));
    }
}

static void
variables_changed_cb (BsDashboardEditor *self)
{
  show_panels (self);
  if (self->can_edit)
    record (self, _("Choose Variable Value"));
}

/* --- setup --------------------------------------------------------------------------- */

void
bs_dashboard_editor_set_client (BsDashboardEditor *self,
                                BsEngineClient    *client)
{
  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  if (!g_set_object (&self->client, client))
    return;
  g_clear_object (&self->data);
  if (client != NULL)
    self->data = bs_panel_data_new (client);
  bs_panel_editor_set_client (self->panel_editor, client);
  bs_variable_bar_set_client (self->variable_bar, client);
  bs_variable_bar_set_data (self->variable_bar, self->data);
}

void
bs_dashboard_editor_set_verbosity (BsDashboardEditor  *self,
                                   BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  bs_panel_editor_set_verbosity (self->panel_editor, verbosity);
}

void
bs_dashboard_editor_set_defaults (BsDashboardEditor *self,
                                  gint64             source_id,
                                  const char        *panel_type)
{
  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  bs_panel_editor_set_default_source (self->panel_editor, source_id);
  if (self->source_id != source_id)
    {
      self->source_id = source_id;
      show_suggestions (self);
    }
  g_free (self->new_panel_type);
  self->new_panel_type = g_strdup (panel_type != NULL && bs_panel_type_lookup (panel_type)
                                   ? panel_type : "timeseries");
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bs_dashboard_editor_undo (BS_DASHBOARD_EDITOR (widget));
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bs_dashboard_editor_redo (BS_DASHBOARD_EDITOR (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bs_dashboard_editor_save (BS_DASHBOARD_EDITOR (widget));
}

static void
new_panel_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (widget);

  if (self->can_edit && self->dashboard != NULL)
    palette_add_cb (self, self->new_panel_type);
}

static void
variables_edited_cb (BsDashboardEditor *self,
                     const char        *label)
{
  bs_variable_bar_set_dashboard (self->variable_bar, self->dashboard);
  show_panels (self);
  record (self, label);
}

static void
variables_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  BsVariableDialog *dialog;

  if (self->dashboard == NULL || self->client == NULL || !self->can_edit)
    return;
  dialog = bs_variable_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   self->client, self->dashboard);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (variables_edited_cb), self,
                           G_CONNECT_SWAPPED);
  /* It changes the editor's dashboard: it goes when the editor does. (Being modal, it
   * leaves no way to undo or open another dashboard meanwhile.) */
  g_signal_connect_object (self, "destroy", G_CALLBACK (gtk_window_destroy), dialog,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
version_restored_cb (BsDashboardEditor *self,
                     gint64             version)
{
  g_autofree char *message = g_strdup_printf (_("Restored, and saved as version %d"),
                                              (int) version);

  bs_dashboard_editor_toast (self, message);
  bs_dashboard_editor_load (self, self->dashboard->uid);
}

static void
versions_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  BsDashboardVersionsDialog *dialog;

  if (self->dashboard == NULL || self->client == NULL || self->version == 0)
    return;
  dialog = bs_dashboard_versions_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                             self->client, self->dashboard->uid,
                                             bs_dashboard_editor_get_dirty (self));
  g_signal_connect_object (dialog, "restored", G_CALLBACK (version_restored_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "destroy", G_CALLBACK (gtk_window_destroy), dialog,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_cb (BS_DASHBOARD_EDITOR (widget));
}

static void
close_sheet_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (widget);

  if (self->editing_panel != 0)
    bs_dashboard_editor_close_panel_editor (self);
  else
    gtk_toggle_button_set_active (self->palette_button, FALSE);
}

static void
bs_dashboard_editor_dispose (GObject *object)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The bar borrows the dashboard, and its requests keep it alive past this: it must let
   * go of the dashboard (and cancel them) before the dashboard is freed. */
  bs_variable_bar_set_dashboard (self->variable_bar, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_DASHBOARD_EDITOR);
  /* The template's outer box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bs_dashboard_editor_parent_class)->dispose (object);
}

static void
bs_dashboard_editor_finalize (GObject *object)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->data);
  g_clear_object (&self->history);
  g_clear_object (&self->drafts);
  g_clear_object (&self->published_action);
  g_clear_pointer (&self->dashboard, bs_dashboard_free);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_free (self->new_panel_type);
  g_strfreev (self->suggestions);

  G_OBJECT_CLASS (bs_dashboard_editor_parent_class)->finalize (object);
}

static void
bs_dashboard_editor_class_init (BsDashboardEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_dashboard_editor_dispose;
  object_class->finalize = bs_dashboard_editor_finalize;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CREATE_ALERT] = g_signal_new ("create-alert", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, BS_TYPE_QUERY);

  g_type_ensure (BS_TYPE_DASHBOARD_CANVAS);
  g_type_ensure (BS_TYPE_DASHBOARD_PALETTE);
  g_type_ensure (BS_TYPE_PANEL_EDITOR);
  g_type_ensure (BS_TYPE_TIME_RANGE_PICKER);
  g_type_ensure (BS_TYPE_VARIABLE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-dashboard-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, edit_buttons);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, undo_button);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, redo_button);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, time_picker);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, palette_button);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, variable_bar);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, toasts);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, palette);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, editor_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, panel_editor);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, canvas);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardEditor, empty_hint);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_editing_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_cb);
  gtk_widget_class_bind_template_callback (widget_class, variables_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, palette_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, palette_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_create_alert_cb);
  gtk_widget_class_bind_template_callback (widget_class, bs_dashboard_editor_close_panel_editor);
  gtk_widget_class_bind_template_callback (widget_class, canvas_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_added_cb);
  gtk_widget_class_bind_template_callback (widget_class, bs_dashboard_editor_edit_panel);

  gtk_widget_class_install_action (widget_class, "editor.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "editor.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.new-panel", NULL, new_panel_action);
  gtk_widget_class_install_action (widget_class, "editor.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "editor.variables", NULL, variables_action);
  gtk_widget_class_install_action (widget_class, "editor.versions", NULL, versions_action);
  gtk_widget_class_install_action (widget_class, "editor.close-sheet", NULL,
                                   close_sheet_action);
  gtk_widget_class_install_action (widget_class, "editor.export", "s",
                                   bs_dashboard_editor_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "editor.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "editor.new-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "editor.close-sheet", NULL);

  gtk_widget_class_set_css_name (widget_class, "dashboardeditor");
}

static void
bs_dashboard_editor_init (BsDashboardEditor *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkDropTarget *suggestion_drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->drafts = bs_dashboard_drafts_new_default ();
  self->new_panel_type = g_strdup ("timeseries");
  bs_dashboard_canvas_set_panel_funcs (self->canvas, create_panel_view, update_panel_view,
                                       self, NULL);
  g_signal_connect_swapped (self->palette, "add-suggestion", G_CALLBACK (palette_suggestion_cb),
                            self);
  /* A drop target of its own: the canvas's takes panel types (strings) only. */
  suggestion_drop = gtk_drop_target_new (BS_TYPE_DASHBOARD_SUGGESTION_ID, GDK_ACTION_COPY);
  g_signal_connect (suggestion_drop, "enter", G_CALLBACK (suggestion_motion_cb), self);
  g_signal_connect (suggestion_drop, "motion", G_CALLBACK (suggestion_motion_cb), self);
  g_signal_connect (suggestion_drop, "leave", G_CALLBACK (suggestion_leave_cb), self);
  g_signal_connect (suggestion_drop, "drop", G_CALLBACK (suggestion_dropped_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (suggestion_drop));

  /* Stateful, so that the menu shows a check mark: widget actions have no state in 4.8. */
  self->published_action = g_simple_action_new_stateful ("published", NULL,
                                                         g_variant_new_boolean (FALSE));
  g_signal_connect_swapped (self->published_action, "change-state",
                            G_CALLBACK (bs_dashboard_editor_publish), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->published_action));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "editor-state", G_ACTION_GROUP (group));
  update_status (self);
}

/* Shared with bs-dashboard-editor-io.c */

void
bs_dashboard_editor_update_status (BsDashboardEditor *self)
{
  update_status (self);
}

void
bs_dashboard_editor_mark_saved (BsDashboardEditor *self)
{
  bs_dashboard_history_mark_saved (self->history);
  self->opened_dirty = FALSE;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  update_status (self);
}

void
bs_dashboard_editor_emit_saved (BsDashboardEditor *self)
{
  g_signal_emit (self, signals[SAVED], 0, self->dashboard->uid);
}

void
bs_dashboard_editor_emit_load_failed (BsDashboardEditor *self,
                                      const char        *message)
{
  g_signal_emit (self, signals[LOAD_FAILED], 0, message);
}

void
bs_dashboard_editor_toast (BsDashboardEditor *self,
                           const char        *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toasts, toast);
}
