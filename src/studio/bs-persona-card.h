/* bs-persona-card.h — one persona on the onboarding grid: its icon, name, who it is for, what
 * it does and three things it lets you do. A child of a GtkFlowBox, so that the grid's
 * keyboard navigation and activation work on it.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_TYPE_PERSONA_CARD (bs_persona_card_get_type ())
G_DECLARE_FINAL_TYPE (BsPersonaCard, bs_persona_card, BS, PERSONA_CARD, GtkFlowBoxChild)

/* @persona: one object of GET personas' "personas". */
GtkWidget  *bs_persona_card_new            (JsonObject    *persona);
const char *bs_persona_card_get_persona_id (BsPersonaCard *self);
const char *bs_persona_card_get_name       (BsPersonaCard *self);

G_END_DECLS
