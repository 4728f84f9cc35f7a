/* bs-kpi-card.h — one headline figure with its change against the day before, told by an
 * arrow, a colour and words (never by colour alone).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_KPI_CARD (bs_kpi_card_get_type ())
G_DECLARE_FINAL_TYPE (BsKpiCard, bs_kpi_card, BS, KPI_CARD, GtkWidget)

GtkWidget  *bs_kpi_card_new              (void);
const char *bs_kpi_card_get_title        (BsKpiCard  *self);
void        bs_kpi_card_set_title        (BsKpiCard  *self,
                                          const char *title);
const char *bs_kpi_card_get_value        (BsKpiCard  *self);
void        bs_kpi_card_set_value        (BsKpiCard  *self,
                                          const char *value);
/* Whether a rise is good news (sales) or bad (products running out). */
gboolean    bs_kpi_card_get_higher_is_better (BsKpiCard *self);
void        bs_kpi_card_set_higher_is_better (BsKpiCard *self,
                                              gboolean   higher_is_better);
/* @previous_day names the day compared with, e.g. "Monday". */
void        bs_kpi_card_set_change       (BsKpiCard  *self,
                                          double      current,
                                          double      previous,
                                          const char *previous_day);
/* A plain line instead of a change, for a figure that has no previous value. */
void        bs_kpi_card_set_detail       (BsKpiCard  *self,
                                          const char *detail);
const char *bs_kpi_card_get_detail       (BsKpiCard  *self);

G_END_DECLS
