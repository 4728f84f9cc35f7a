/* bs-data-source.h — the data sources registered in a workspace (data_sources table).
 *
 * A data source is where rules and dashboards read from: a SQLite file, a CSV file, a
 * Prometheus server or a Grafana data-source proxy. @location is a path or a URL,
 * depending on @kind. Errors are BS_STORE_ERROR.
 */
#pragma once

#include <glib-object.h>

#include "bs-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64     id;
  char      *name;
  char      *kind;        /* "sqlite", "csv", "prometheus" or "grafana" */
  char      *location;
  gboolean   is_demo;     /* the generated demo retail dataset */
  GDateTime *created_at;
} BsDataSource;

#define BS_TYPE_DATA_SOURCE (bs_data_source_get_type ())

GType         bs_data_source_get_type   (void) G_GNUC_CONST;
BsDataSource *bs_data_source_copy       (const BsDataSource *source);
void          bs_data_source_free       (BsDataSource       *source);

/* TRUE if @kind is one of the kinds above. */
gboolean      bs_data_source_kind_is_valid (const char      *kind);

/* BS_STORE_ERROR_CONSTRAINT if the name is empty or taken, or the kind unknown. */
BsDataSource *bs_data_source_add        (BsStore            *store,
                                         const char         *name,
                                         const char         *kind,
                                         const char         *location,
                                         gboolean            is_demo,
                                         GError            **error);
/* Array of BsDataSource*, by id. */
GPtrArray    *bs_data_source_list       (BsStore            *store,
                                         GError            **error);
/* BS_STORE_ERROR_NOT_FOUND if there is no such source. */
BsDataSource *bs_data_source_lookup     (BsStore            *store,
                                         gint64              id,
                                         GError            **error);
/* The demo source (the oldest if there are several), or NULL without an error if none. */
BsDataSource *bs_data_source_find_demo  (BsStore            *store,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDataSource, bs_data_source_free)

G_END_DECLS
