#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-format.h"
#include "bs-preview-status.h"
#include "bs-query-preview.h"

struct _BsQueryPreview
{
  GtkWidget       parent_instance;

  GtkWidget      *content;
  GtkSpinner     *spinner;
  GtkLabel       *status_label;
  GtkStack       *stack;
  GtkLabel       *error_label;
  GtkWidget      *result_box;
  BsFrameChart   *chart;
  GtkLabel       *truncated_label;
  BsFrameView    *frame_view;
  GtkExpander    *query_expander;
  GtkLabel       *query_label;

  BsEngineClient *client;
  BsQueryBuilder *builder;
  BsQuery        *query;
  GCancellable   *cancellable;
  guint           debounce_id;
  guint           limit;
  JsonObject     *frame;
  char           *error;
  char           *status;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_BUSY,
  N_PROPS
};

enum {
  STARTED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsQueryPreview, bs_query_preview, GTK_TYPE_WIDGET)

static void
set_busy (BsQueryPreview *self,
          gboolean        busy)
{
  if (bs_preview_show_busy (GTK_WIDGET (self), self->spinner, self->result_box, busy))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_status (BsQueryPreview *self,
            char           *status)
{
  g_free (self->status);
  self->status = status;
  gtk_label_set_label (self->status_label, status);
}

static void
cancel_running (BsQueryPreview *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* The engine's messages name the table, column or field; say where they come from. */
static char *
plain_error (const GError *error)
{
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE))
    return g_strdup_printf (_("The Business Engine did not answer, so there is no preview. "
                              "Check that it is running, then change the query or try "
                              "again. (%s)"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_BAD_REQUEST))
    return g_strdup_printf (_("The engine cannot run this query: %s"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_SERVER))
    return g_strdup_printf (_("The data source could not answer: %s"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_FORBIDDEN))
    return g_strdup_printf (_("The engine did not allow this preview: %s"), error->message);
  return g_strdup_printf (_("The preview failed: %s"), error->message);
}

static void
show_error (BsQueryPreview *self,
            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_status (self, NULL);
}

static void
show_frame (BsQueryPreview *self,
            JsonObject     *frame,
            double          round_trip_ms)
{
  JsonNode *rows = json_object_get_member (frame, "rows");
  guint n_rows = rows != NULL && JSON_NODE_HOLDS_ARRAY (rows)
                 ? json_array_get_length (json_node_get_array (rows)) : 0;
  double elapsed = json_object_get_double_member_with_default (frame, "elapsed_ms",
                                                               round_trip_ms);
  const char *language = json_object_get_string_member_with_default (frame, "language", "sql");
  const char *text = json_object_get_string_member_with_default (frame, "query", NULL);
  gboolean truncated = json_object_get_boolean_member_with_default (frame, "truncated", FALSE);
  g_autofree char *count = bs_format_count (n_rows);
  g_autofree char *time = bs_preview_format_elapsed (elapsed);

  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->frame, json_object_unref);
  self->frame = json_object_ref (frame);

  if (self->query != NULL)
    {
      g_autofree char *label = bs_query_describe (self->query);

      bs_frame_chart_set_value_label (self->chart, label);
    }
  bs_frame_chart_set_frame (self->chart, frame);
  gtk_widget_set_visible (GTK_WIDGET (self->chart),
                          bs_frame_chart_get_kind (self->chart) != BS_FRAME_CHART_KIND_NONE);
  bs_frame_view_set_frame (self->frame_view, frame);

  /* Translators: "20 rows in 3.4 ms": the number of rows and the time the engine took. */
  set_status (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row in %s ms",
                                                  "%s rows in %s ms", n_rows), count, time));
  if (truncated)
    {
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Only the first %s row is shown; there are more. A filter "
                                      "or a shorter time range shows them all.",
                                      "Only the first %s rows are shown; there are more. A "
                                      "filter or a shorter time range shows them all.",
                                      n_rows), count);

      gtk_label_set_label (self->truncated_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->truncated_label), truncated);

  gtk_expander_set_label (self->query_expander,
                          g_strcmp0 (language, "promql") == 0 ? _("_PromQL Query")
                                                              : _("_SQL Query"));
  gtk_label_set_label (self->query_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->query_expander), text != NULL);
  gtk_stack_set_visible_child_name (self->stack, "result");
}

typedef struct
{
  BsQueryPreview *self;
  gint64          started;
} Request;

static void
query_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(BsQueryPreview) self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  double round_trip = (g_get_monotonic_time () - request->started) / 1000.0;

  g_free (request);
  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = plain_error (error);

      show_error (self, message);
    }
  else if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    show_error (self, _("The preview failed: the engine’s answer was not a result."));
  else
    show_frame (self, json_node_get_object (root), round_trip);

  g_signal_emit (self, signals[FINISHED], 0);
}

static void
run_now (BsQueryPreview *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  Request *request;

  cancel_running (self);
  if (self->query == NULL || self->client == NULL)
    {
      set_busy (self, FALSE);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_value (builder, bs_query_to_json (self->query));
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, self->limit);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->started = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "POST", "query", body, self->cancellable,
                                  query_answered_cb, request);
  g_signal_emit (self, signals[STARTED], 0);
}

static gboolean
debounce_cb (gpointer user_data)
{
  BsQueryPreview *self = user_data;

  self->debounce_id = 0;
  run_now (self);

  return G_SOURCE_REMOVE;
}

void
bs_query_preview_set_query (BsQueryPreview *self,
                            const BsQuery  *query)
{
  g_return_if_fail (BS_IS_QUERY_PREVIEW (self));

  cancel_running (self);
  g_clear_pointer (&self->query, bs_query_free);
  if (query == NULL)
    {
      set_busy (self, FALSE);
      set_status (self, NULL);
      g_clear_pointer (&self->frame, json_object_unref);
      g_clear_pointer (&self->error, g_free);
      gtk_stack_set_visible_child_name (self->stack, "idle");
      return;
    }

  self->query = bs_query_copy (query);
  set_busy (self, TRUE);
  self->debounce_id = g_timeout_add (BS_QUERY_PREVIEW_DEBOUNCE_MS, debounce_cb, self);
}

const BsQuery *
bs_query_preview_get_query (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), NULL);

  return self->query;
}

void
bs_query_preview_refresh (BsQueryPreview *self)
{
  g_return_if_fail (BS_IS_QUERY_PREVIEW (self));

  run_now (self);
}

static void
builder_query_changed_cb (BsQueryPreview *self,
                          const BsQuery  *query)
{
  bs_query_preview_set_query (self, query);
}

void
bs_query_preview_follow (BsQueryPreview *self,
                         BsQueryBuilder *builder)
{
  g_return_if_fail (BS_IS_QUERY_PREVIEW (self));
  g_return_if_fail (builder == NULL || BS_IS_QUERY_BUILDER (builder));

  if (self->builder != NULL)
    g_signal_handlers_disconnect_by_func (self->builder, builder_query_changed_cb, self);
  g_set_object (&self->builder, builder);
  if (builder == NULL)
    return;

  g_signal_connect_object (builder, "query-changed", G_CALLBACK (builder_query_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (bs_query_builder_get_query (builder) != NULL)
    bs_query_preview_set_query (self, bs_query_builder_get_query (builder));
}

void
bs_query_preview_set_client (BsQueryPreview *self,
                             BsEngineClient *client)
{
  g_return_if_fail (BS_IS_QUERY_PREVIEW (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  if (self->query != NULL)
    run_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

void
bs_query_preview_set_limit (BsQueryPreview *self,
                            guint           limit)
{
  g_return_if_fail (BS_IS_QUERY_PREVIEW (self));
  g_return_if_fail (limit > 0);

  self->limit = limit;
}

gboolean
bs_query_preview_get_busy (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), FALSE);

  return self->debounce_id != 0 || self->cancellable != NULL;
}

JsonObject *
bs_query_preview_get_frame (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), NULL);

  return self->error == NULL ? self->frame : NULL;
}

const char *
bs_query_preview_get_error (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), NULL);

  return self->error;
}

const char *
bs_query_preview_get_status (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), NULL);

  return self->status;
}

BsFrameView *
bs_query_preview_get_frame_view (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), NULL);

  return self->frame_view;
}

BsFrameChart *
bs_query_preview_get_chart (BsQueryPreview *self)
{
  g_return_val_if_fail (BS_IS_QUERY_PREVIEW (self), NULL);

  return self->chart;
}

static void
bs_query_preview_dispose (GObject *object)
{
  BsQueryPreview *self = BS_QUERY_PREVIEW (object);

  cancel_running (self);
  if (self->builder != NULL)
    g_signal_handlers_disconnect_by_func (self->builder, builder_query_changed_cb, self);
  g_clear_object (&self->builder);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_QUERY_PREVIEW);

  G_OBJECT_CLASS (bs_query_preview_parent_class)->dispose (object);
}

static void
bs_query_preview_finalize (GObject *object)
{
  BsQueryPreview *self = BS_QUERY_PREVIEW (object);

  g_clear_pointer (&self->query, bs_query_free);
  g_clear_pointer (&self->frame, json_object_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (bs_query_preview_parent_class)->finalize (object);
}

static void
bs_query_preview_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BsQueryPreview *self = BS_QUERY_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, bs_query_preview_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_query_preview_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CLIENT:
      bs_query_preview_set_client (BS_QUERY_PREVIEW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_query_preview_class_init (BsQueryPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_query_preview_dispose;
  object_class->finalize = bs_query_preview_finalize;
  object_class->get_property = bs_query_preview_get_property;
  object_class->set_property = bs_query_preview_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BS_TYPE_ENGINE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_FRAME_CHART);
  g_type_ensure (BS_TYPE_FRAME_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-query-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, content);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, result_box);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, chart);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, truncated_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, frame_view);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, query_expander);
  gtk_widget_class_bind_template_child (widget_class, BsQueryPreview, query_label);

  gtk_widget_class_set_css_name (widget_class, "querypreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_query_preview_init (BsQueryPreview *self)
{
  self->limit = BS_QUERY_PREVIEW_DEFAULT_LIMIT;
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_frame_view_set_empty_text (self->frame_view, _("No Rows"),
                                _("Nothing matches. A longer time range or fewer filters "
                                  "may find some."));
  gtk_stack_set_visible_child_name (self->stack, "idle");
}

GtkWidget *
bs_query_preview_new (BsEngineClient *client)
{
  return g_object_new (BS_TYPE_QUERY_PREVIEW, "client", client, NULL);
}
