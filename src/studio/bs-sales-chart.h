/* bs-sales-chart.h — a bar chart of sales per day, drawn with GtkSnapshot. For assistive
 * technologies it is an image whose label tells the trend in words.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_SALES_CHART (bs_sales_chart_get_type ())
G_DECLARE_FINAL_TYPE (BsSalesChart, bs_sales_chart, BS, SALES_CHART, GtkWidget)

GtkWidget  *bs_sales_chart_new         (void);
/* @days are "YYYY-MM-DD", oldest first, each with its amount in @currency. */
void        bs_sales_chart_set_sales   (BsSalesChart       *self,
                                        const char * const *days,
                                        const double       *amounts,
                                        guint               n_days,
                                        const char         *currency);
guint       bs_sales_chart_get_n_days  (BsSalesChart       *self);
/* What the chart says in words (its accessible label). */
const char *bs_sales_chart_get_summary (BsSalesChart       *self);

G_END_DECLS
