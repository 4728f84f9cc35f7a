#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "bs-frame-view.h"
#include "bs-preview-status.h"

gboolean
bs_preview_show_busy (GtkWidget  *preview,
                      GtkSpinner *spinner,
                      GtkWidget  *result_box,
                      gboolean    busy)
{
  g_return_val_if_fail (GTK_IS_WIDGET (preview), FALSE);
  g_return_val_if_fail (GTK_IS_SPINNER (spinner), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (result_box), FALSE);

  busy = !!busy;
  if (gtk_widget_get_visible (GTK_WIDGET (spinner)) == busy)
    return FALSE;

  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);
  gtk_widget_set_opacity (result_box, busy ? 0.55 : 1.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (preview), GTK_ACCESSIBLE_STATE_BUSY, busy, -1);
  return TRUE;
}

char *
bs_preview_format_elapsed (double ms)
{
  /* A tenth still says something below ten; above, it is noise. */
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (),
                                                    ms < 10 ? round (ms * 10) / 10 : round (ms));

  return bs_frame_format_value (node, "number");
}
