/* bs-dashboard-editor-private.h — what bs-dashboard-editor.c (editing) and
 * bs-dashboard-editor-io.c (the engine and files) share.
 */
#pragma once

#include <adwaita.h>

#include "bs-dashboard-canvas.h"
#include "bs-dashboard-drafts.h"
#include "bs-dashboard-editor.h"
#include "bs-dashboard-history.h"
#include "bs-dashboard-palette.h"
#include "bs-panel-data.h"
#include "bs-panel-editor.h"
#include "bs-time-range-picker.h"
#include "bs-variable-bar.h"

G_BEGIN_DECLS

struct _BsDashboardEditor
{
  GtkWidget           parent_instance;

  GtkEditableLabel   *title_label;
  GtkLabel           *status_label;
  GtkWidget          *edit_buttons;
  GtkButton          *undo_button;
  GtkButton          *redo_button;
  BsTimeRangePicker  *time_picker;
  GtkToggleButton    *palette_button;
  GtkButton          *save_button;
  BsVariableBar      *variable_bar;
  AdwToastOverlay    *toasts;
  BsDashboardPalette *palette;
  GtkRevealer        *editor_revealer;
  BsPanelEditor      *panel_editor;
  BsDashboardCanvas  *canvas;
  GtkWidget          *empty_hint;
  GSimpleAction      *published_action;

  BsEngineClient     *client;
  BsPanelData        *data;
  GCancellable       *cancellable;
  BsDashboardDrafts  *drafts;
  guint               autosave_id;

  BsDashboardHistory *history;
  BsDashboard        *dashboard;      /* the working copy the canvas edits */
  GHashTable         *values;         /* the variables' chosen values */
  gint64              version;        /* the engine's version it is based on; 0: new */
  gboolean            can_edit;
  gboolean            published;
  gboolean            saving;
  gboolean            opened_dirty;   /* an import or a draft, not saved since */
  gint64              editing_panel;  /* the panel in the editor sheet; 0: closed */
  char               *new_panel_type;
  gint64              source_id;      /* the demo's: new panels and suggestions use it */
  char              **suggestions;    /* the persona's panel suggestion ids */
  GtkFileChooserNative *chooser;
};

void  bs_dashboard_editor_update_status      (BsDashboardEditor *self);
void  bs_dashboard_editor_mark_saved         (BsDashboardEditor *self);
void  bs_dashboard_editor_toast              (BsDashboardEditor *self,
                                              const char        *message);
void  bs_dashboard_editor_close_panel_editor (BsDashboardEditor *self);
void  bs_dashboard_editor_emit_saved         (BsDashboardEditor *self);
void  bs_dashboard_editor_emit_load_failed   (BsDashboardEditor *self,
                                              const char        *message);

/* bs-dashboard-editor-io.c */
void  bs_dashboard_editor_export_action      (GtkWidget         *widget,
                                              const char        *action_name,
                                              GVariant          *parameter);
void  bs_dashboard_editor_publish            (BsDashboardEditor *self,
                                              GVariant          *value);

G_END_DECLS
