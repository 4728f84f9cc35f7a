/* bs-dashboards-page.c — the Dashboards workbench: the list, drafts, templates, import,
 * and the designer for the dashboard opened.
 */
#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-alert-format.h"
#include "bs-dashboard-drafts.h"
#include "bs-dashboard-template.h"
#include "bs-dashboards-page.h"
#include "bs-persona.h"
#include "bs-workbench.h"

struct _BsDashboardsPage
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  AdwToastOverlay      *toasts;
  AdwPreferencesGroup  *dashboards_group;
  AdwPreferencesGroup  *drafts_group;
  AdwPreferencesGroup  *templates_group;
  BsDashboardEditor    *editor;

  BsEngineClient       *client;
  GCancellable         *cancellable;   /* the list, the drafts, an import */
  BsDashboardDrafts    *drafts;
  GPtrArray            *dashboard_rows;
  GPtrArray            *draft_rows;
  GPtrArray            *template_rows;
  GHashTable           *versions;      /* uid → version of the dashboards listed */
  GtkFileChooserNative *chooser;
  gint64                demo_id;
  char                 *persona_id;
  char                 *chart_default;
  guint                 n_dashboards;
};

enum {
  CREATE_ALERT,
  LISTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void workbench_iface_init (BsWorkbenchInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsDashboardsPage, bs_dashboards_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BS_TYPE_WORKBENCH, workbench_iface_init))

static void
toast (BsDashboardsPage *self,
       const char       *message)
{
  AdwToast *item = adw_toast_new (message);

  adw_toast_set_timeout (item, 8);
  adw_toast_overlay_add_toast (self->toasts, item);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *subtitle,
         const char          *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static void
add_row_arrow (GtkWidget *row)
{
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
}

/* --- views ----------------------------------------------------------------------------- */

const char *
bs_dashboards_page_get_view (BsDashboardsPage *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARDS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void refresh_list (BsDashboardsPage *self);

void
bs_dashboards_page_show_list (BsDashboardsPage *self)
{
  g_return_if_fail (BS_IS_DASHBOARDS_PAGE (self));

  refresh_list (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

void
bs_dashboards_page_open (BsDashboardsPage *self,
                         const char       *uid)
{
  g_return_if_fail (BS_IS_DASHBOARDS_PAGE (self));
  g_return_if_fail (uid != NULL);

  bs_dashboard_editor_load (self->editor, uid);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
open_unsaved (BsDashboardsPage  *self,
              const BsDashboard *dashboard,
              gint64             version)
{
  bs_dashboard_editor_open (self->editor, dashboard, version, TRUE, FALSE, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
editor_saved_cb (BsDashboardsPage *self)
{
  /* The list behind the editor names it with its new version. */
  refresh_list (self);
}

static void
editor_load_failed_cb (BsDashboardsPage *self,
                       const char       *message)
{
  g_autofree char *text = g_strdup_printf (_("Could not open the dashboard: %s"), message);

  bs_dashboards_page_show_list (self);
  toast (self, text);
}

static void
editor_create_alert_cb (BsDashboardsPage *self,
                        BsQuery          *query)
{
  g_signal_emit (self, signals[CREATE_ALERT], 0, query);
}

/* --- the dashboards -------------------------------------------------------------------- */

static void
dashboard_row_activated_cb (AdwActionRow     *row,
                            BsDashboardsPage *self)
{
  bs_dashboards_page_open (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static char *
describe_summary (JsonObject *item)
{
  gint64 panels = json_object_get_int_member_with_default (item, "panel_count", 0);
  gint64 version = json_object_get_int_member_with_default (item, "version", 0);
  g_autofree char *changed = bs_alert_format_member_time (item, "updated_at");
  /* Counts and versions are small numbers: %d keeps the strings translatable. */
  g_autofree char *panel_words = g_strdup_printf (ngettext ("%d panel", "%d panels", panels),
                                                  (int) panels);
  g_autofree char *version_words = g_strdup_printf (_("version %d"), (int) version);
  const char *published = json_object_get_boolean_member_with_default (item, "published", FALSE)
                          ? _("published") : NULL;

  /* "6 panels · version 3 · published · changed 10:42" */
  return g_strjoin (" · ", panel_words, version_words,
                    published != NULL ? published : changed,
                    published != NULL ? changed : NULL, NULL);
}

static void
show_dashboards (BsDashboardsPage *self,
                 JsonArray        *items)
{
  guint n = items != NULL ? json_array_get_length (items) : 0;

  clear_rows (self->dashboards_group, self->dashboard_rows);
  g_hash_table_remove_all (self->versions);
  self->n_dashboards = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *uid = item != NULL ? json_object_get_string_member_with_default (item, "uid", NULL)
                                     : NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (uid == NULL)
        continue;
      subtitle = describe_summary (item);
      row = add_row (self->dashboards_group, self->dashboard_rows,
                     json_object_get_string_member_with_default (item, "title", uid), subtitle,
                     "view-grid-symbolic");
      gtk_widget_set_name (row, uid);
      add_row_arrow (row);
      g_signal_connect (row, "activated", G_CALLBACK (dashboard_row_activated_cb), self);
      g_hash_table_insert (self->versions, g_strdup (uid),
                           GINT_TO_POINTER (json_object_get_int_member_with_default (item, "version", 0)));
      self->n_dashboards++;
    }

  if (self->n_dashboards == 0)
    {
      GtkWidget *row = add_row (self->dashboards_group, self->dashboard_rows,
                                _("No dashboards yet"),
                                _("Start from a template below, or make a new one and drag "
                                  "panels onto it."), NULL);

      gtk_widget_add_css_class (row, "dim-label");
    }
}

static void
dashboards_listed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(BsDashboardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *items = NULL;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer != NULL)
    items = bs_engine_client_get_items (answer, _("dashboards"), &error);
  if (items == NULL)
    {
      if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE))
        bs_workbench_engine_lost (BS_WORKBENCH (self), error);
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not list the dashboards: %s"),
                                                      error->message);

          toast (self, message);
        }
      return;
    }
  show_dashboards (self, items);
  g_signal_emit (self, signals[LISTED], 0);
}

/* --- drafts ---------------------------------------------------------------------------- */

static BsDashboardDraft *
draft_of_row (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "draft");
}

static void
restore_draft_cb (GtkWidget        *button,
                  BsDashboardsPage *self)
{
  BsDashboardDraft *draft = draft_of_row (gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW));

  open_unsaved (self, draft->dashboard, draft->base_version);
}

static void
draft_discarded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BsDashboardsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_dashboard_drafts_discard_finish (BS_DASHBOARD_DRAFTS (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast (self, error->message);
    }
  refresh_list (self);
}

static void
discard_draft_cb (GtkWidget        *button,
                  BsDashboardsPage *self)
{
  BsDashboardDraft *draft = draft_of_row (gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW));

  bs_dashboard_drafts_discard_async (self->drafts, draft->uid, self->cancellable,
                                     draft_discarded_cb, g_object_ref (self));
}

static GtkWidget *
row_button (GtkWidget  *row,
            const char *label,
            GCallback   callback,
            gpointer    user_data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", callback, user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static void
show_drafts (BsDashboardsPage *self,
             GPtrArray        *drafts)
{
  clear_rows (self->drafts_group, self->draft_rows);
  /* Each row owns its draft from here on. */
  if (drafts != NULL)
    g_ptr_array_set_free_func (drafts, NULL);
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    {
      BsDashboardDraft *draft = g_ptr_array_index (drafts, i);
      g_autofree char *when = bs_alert_format_time (draft->saved_at);
      g_autofree char *subtitle = draft->base_version > 0
        ? g_strdup_printf (_("Changed %s, based on version %d"), when,
                           (int) draft->base_version)
        : g_strdup_printf (_("Changed %s, never saved"), when);
      GtkWidget *row = add_row (self->drafts_group, self->draft_rows, draft->dashboard->title,
                                subtitle, "document-edit-symbolic");

      g_object_set_data_full (G_OBJECT (row), "draft", draft,
                              (GDestroyNotify) bs_dashboard_draft_free);
      gtk_widget_add_css_class (row_button (row, _("_Discard"), G_CALLBACK (discard_draft_cb),
                                            self), "flat");
      row_button (row, _("_Restore"), G_CALLBACK (restore_draft_cb), self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->drafts_group), self->draft_rows->len > 0);
}

static void
drafts_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsDashboardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  drafts = bs_dashboard_drafts_list_finish (BS_DASHBOARD_DRAFTS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    toast (self, error->message);
  show_drafts (self, drafts);
}

/* --- templates ------------------------------------------------------------------------- */

static void
template_activated_cb (AdwActionRow     *row,
                       BsDashboardsPage *self)
{
  if (!bs_dashboards_page_use_template (self, gtk_widget_get_name (GTK_WIDGET (row))))
    toast (self, _("The demo data is not there yet: templates are built on it"));
}

gboolean
bs_dashboards_page_use_template (BsDashboardsPage *self,
                                 const char       *id)
{
  g_autoptr(BsDashboard) dashboard = NULL;

  g_return_val_if_fail (BS_IS_DASHBOARDS_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->demo_id <= 0)
    return FALSE;
  dashboard = bs_dashboard_template_build (id, self->demo_id);
  if (dashboard == NULL)
    return FALSE;
  open_unsaved (self, dashboard, 0);
  return TRUE;
}

static void
show_templates (BsDashboardsPage *self)
{
  const char * const *order = bs_dashboard_templates_for_persona (self->persona_id);

  clear_rows (self->templates_group, self->template_rows);
  for (guint i = 0; order[i] != NULL; i++)
    {
      const BsDashboardTemplate *template = bs_dashboard_template_lookup (order[i]);
      GtkWidget *row;

      if (template == NULL)
        continue;
      row = add_row (self->templates_group, self->template_rows, _(template->title),
                     _(template->description), template->icon_name);
      gtk_widget_set_name (row, template->id);
      add_row_arrow (row);
      gtk_widget_set_sensitive (row, self->demo_id > 0);
      g_signal_connect (row, "activated", G_CALLBACK (template_activated_cb), self);
    }
}

/* What the persona gives the designer: the type of a new panel, and the panels it suggests
 * (on the demo source, so none without it). */
static void
apply_persona (BsDashboardsPage *self)
{
  const BsPersona *persona = bs_persona_lookup (self->persona_id);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) suggestions = NULL;

  for (guint i = 0; persona != NULL && i < bs_persona_count_suggestions (persona); i++)
    if (persona->suggestions[i].kind == BS_SUGGESTION_PANEL)
      g_strv_builder_add (ids, persona->suggestions[i].id);
  suggestions = g_strv_builder_end (ids);
  bs_dashboard_editor_set_defaults (self->editor, self->demo_id, self->chart_default);
  bs_dashboard_editor_set_suggestions (self->editor, (const char * const *) suggestions);
}

static void
sources_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsDashboardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *items = NULL;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (answer != NULL)
    items = bs_engine_client_get_items (answer, _("data sources"), &error);

  self->demo_id = bs_engine_client_find_demo_source (items);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  apply_persona (self);
  show_templates (self);
}

static void
refresh_list (BsDashboardsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  bs_dashboard_drafts_list_async (self->drafts, self->cancellable, drafts_listed_cb,
                                  g_object_ref (self));
  if (self->client == NULL)
    return;
  bs_engine_client_request_async (self->client, "GET", "dashboards", NULL, self->cancellable,
                                  dashboards_listed_cb, g_object_ref (self));
  bs_engine_client_request_async (self->client, "GET", "datasources", NULL, self->cancellable,
                                  sources_listed_cb, g_object_ref (self));
}

/* --- new and import -------------------------------------------------------------------- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BsDashboardsPage *self = BS_DASHBOARDS_PAGE (widget);
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new (_("New dashboard"));

  bs_dashboard_editor_open (self->editor, dashboard, 0, TRUE, FALSE, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
import_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsDashboardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BsDashboard) dashboard = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    }
  else if (json_parser_load_from_data (parser, contents, length, &error))
    dashboard = bs_dashboard_from_json (json_parser_get_root (parser), &error);

  if (dashboard == NULL)
    {
      /* json-glib's messages already say the line and column. */
      g_autofree char *message = g_strdup_printf (_("Could not import “%s”: %s"), name,
                                                  error->message);

      toast (self, message);
      return;
    }

  /* The same uid as a dashboard here: saving makes a new version of it, the old ones kept. */
  open_unsaved (self, dashboard,
                dashboard->uid != NULL
                ? GPOINTER_TO_INT (g_hash_table_lookup (self->versions, dashboard->uid)) : 0);
}

void
bs_dashboards_page_import (BsDashboardsPage *self,
                           GFile            *file)
{
  g_return_if_fail (BS_IS_DASHBOARDS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, self->cancellable, import_loaded_cb, g_object_ref (self));
}

static void
import_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    BsDashboardsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      bs_dashboards_page_import (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BsDashboardsPage *self = BS_DASHBOARDS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import a Grafana Dashboard"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_filter_set_name (filter, _("Grafana dashboard JSON"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* --- the rest -------------------------------------------------------------------------- */

void
bs_dashboards_page_set_persona (BsDashboardsPage *self,
                                const char       *persona_id,
                                const char       *chart_default)
{
  g_return_if_fail (BS_IS_DASHBOARDS_PAGE (self));

  g_free (self->persona_id);
  self->persona_id = g_strdup (persona_id);
  g_free (self->chart_default);
  self->chart_default = g_strdup (chart_default);
  apply_persona (self);
  show_templates (self);
}

guint
bs_dashboards_page_get_n_dashboards (BsDashboardsPage *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARDS_PAGE (self), 0);

  return self->n_dashboards;
}

BsDashboardEditor *
bs_dashboards_page_get_editor (BsDashboardsPage *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARDS_PAGE (self), NULL);

  return self->editor;
}

static void
bs_dashboards_page_set_client (BsWorkbench    *workbench,
                               BsEngineClient *client)
{
  BsDashboardsPage *self = BS_DASHBOARDS_PAGE (workbench);

  if (!g_set_object (&self->client, client))
    return;
  bs_dashboard_editor_set_client (self->editor, client);
  /* Another engine has other dashboards: the one open may not exist there. */
  bs_dashboards_page_show_list (self);
}

static void
bs_dashboards_page_refresh (BsWorkbench *workbench)
{
  BsDashboardsPage *self = BS_DASHBOARDS_PAGE (workbench);

  if (g_str_equal (bs_dashboards_page_get_view (self), "list"))
    refresh_list (self);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->editor), "editor.refresh", NULL);
}

static void
bs_dashboards_page_set_verbosity (BsWorkbench        *workbench,
                                  BsProfileVerbosity  verbosity)
{
  bs_dashboard_editor_set_verbosity (BS_DASHBOARDS_PAGE (workbench)->editor, verbosity);
}

static void
workbench_iface_init (BsWorkbenchInterface *iface)
{
  iface->set_client = bs_dashboards_page_set_client;
  iface->refresh = bs_dashboards_page_refresh;
  iface->set_verbosity = bs_dashboards_page_set_verbosity;
}

static void
bs_dashboards_page_dispose (GObject *object)
{
  BsDashboardsPage *self = BS_DASHBOARDS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_DASHBOARDS_PAGE);

  G_OBJECT_CLASS (bs_dashboards_page_parent_class)->dispose (object);
}

static void
bs_dashboards_page_finalize (GObject *object)
{
  BsDashboardsPage *self = BS_DASHBOARDS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->drafts);
  g_clear_pointer (&self->dashboard_rows, g_ptr_array_unref);
  g_clear_pointer (&self->draft_rows, g_ptr_array_unref);
  g_clear_pointer (&self->template_rows, g_ptr_array_unref);
  g_clear_pointer (&self->versions, g_hash_table_unref);
  g_free (self->persona_id);
  g_free (self->chart_default);

  G_OBJECT_CLASS (bs_dashboards_page_parent_class)->finalize (object);
}

static void
bs_dashboards_page_class_init (BsDashboardsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_dashboards_page_dispose;
  object_class->finalize = bs_dashboards_page_finalize;

  signals[CREATE_ALERT] = g_signal_new ("create-alert", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, BS_TYPE_QUERY);
  signals[LISTED] = g_signal_new ("listed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_DASHBOARD_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-dashboards-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDashboardsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardsPage, dashboards_group);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardsPage, drafts_group);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardsPage, templates_group);
  gtk_widget_class_bind_template_child (widget_class, BsDashboardsPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, bs_dashboards_page_show_list);
  gtk_widget_class_bind_template_callback (widget_class, editor_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_load_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_create_alert_cb);

  gtk_widget_class_install_action (widget_class, "dashboards.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "dashboards.import", NULL, import_action);
  gtk_widget_class_set_css_name (widget_class, "dashboardspage");
}

static void
bs_dashboards_page_init (BsDashboardsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->drafts = bs_dashboard_drafts_new_default ();
  self->dashboard_rows = g_ptr_array_new ();
  self->draft_rows = g_ptr_array_new ();
  self->template_rows = g_ptr_array_new ();
  self->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  show_dashboards (self, NULL);
  show_templates (self);
}
