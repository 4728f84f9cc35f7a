/* bs-grafana-instance.h — a client's Grafana that dashboards and rules are deployed to, and
 * its row in the workspace database (table grafana_instances).
 *
 * The service-account token is not part of it: it lives in the secret store under
 * bs_grafana_instance_secret_key (), never in the database, a log or an API answer.
 *
 * JSON form (the engine's API):
 *   { "id": 3, "name": "Acme production", "url": "https://grafana.acme.example/grafana",
 *     "org_id": 1, "folder_uid": "business-studio", "folder_title": "Business Studio",
 *     "labels": { "client": "acme", "tier": "gold" },
 *     "tls_skip_verify": false, "ca_file": "/etc/ssl/acme-ca.pem" | null,
 *     "token": "glsa_…",               (input only; never in an answer)
 *     "has_token": true,               (output only)
 *     "created_at": "…", "updated_at": "…" }
 * Names are 1–190 characters and unique in the workspace; the URL is http:// or https://
 * with a host, no user name, query or fragment (a path prefix is kept); org_id >= 1
 * (default 1); folder_uid follows Grafana's uid rule (at most 40 of [a-zA-Z0-9_-]); at most
 * 32 labels, keys [a-zA-Z_][a-zA-Z0-9_]*, values strings; ca_file names a readable PEM file.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-store.h"

G_BEGIN_DECLS

#define BS_GRAFANA_INSTANCE_ERROR (bs_grafana_instance_error_quark ())

typedef enum
{
  BS_GRAFANA_INSTANCE_ERROR_INVALID,   /* names the field */
} BsGrafanaInstanceError;

#define BS_GRAFANA_INSTANCE_MAX_LABELS   32
#define BS_GRAFANA_INSTANCE_MAX_UID      40
#define BS_GRAFANA_INSTANCE_MAX_TOKEN    4096

typedef struct
{
  gint64      id;                /* 0 until stored */
  char       *name;
  char       *url;
  gint64      org_id;
  char       *folder_uid;        /* NULL: none chosen yet */
  char       *folder_title;
  JsonObject *labels;            /* never NULL; string values */
  gboolean    tls_skip_verify;
  char       *ca_file;           /* NULL: the system's trust store */
  GDateTime  *created_at;        /* NULL until stored */
  GDateTime  *updated_at;
} BsGrafanaInstance;

GQuark             bs_grafana_instance_error_quark (void);
BsGrafanaInstance *bs_grafana_instance_new         (void);
void               bs_grafana_instance_free        (BsGrafanaInstance        *self);
/* "grafana-instance-<id>" */
char              *bs_grafana_instance_secret_key  (gint64                    id);

/* Sets the members of @object that are present ("token" aside, which it hands to
 * @out_token, borrowed from @object; may be NULL) and checks the result, naming the first
 * field that is wrong. Unknown members are refused. */
gboolean           bs_grafana_instance_apply_json  (BsGrafanaInstance        *self,
                                                    JsonObject               *object,
                                                    const char              **out_token,
                                                    GError                  **error);
gboolean           bs_grafana_instance_validate    (const BsGrafanaInstance  *self,
                                                    GError                  **error);
JsonNode          *bs_grafana_instance_to_json     (const BsGrafanaInstance  *self,
                                                    gboolean                  has_token);

/* The store. A name already taken is BS_STORE_ERROR_CONSTRAINT; a missing id
 * BS_STORE_ERROR_NOT_FOUND. insert and update set @self's id and times. */
gboolean           bs_grafana_instance_insert      (BsStore                  *store,
                                                    BsGrafanaInstance        *self,
                                                    GError                  **error);
gboolean           bs_grafana_instance_update      (BsStore                  *store,
                                                    BsGrafanaInstance        *self,
                                                    GError                  **error);
gboolean           bs_grafana_instance_delete      (BsStore                  *store,
                                                    gint64                    id,
                                                    GError                  **error);
BsGrafanaInstance *bs_grafana_instance_lookup      (BsStore                  *store,
                                                    gint64                    id,
                                                    GError                  **error);
/* Sorted by name. */
GPtrArray         *bs_grafana_instance_list        (BsStore                  *store,
                                                    GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsGrafanaInstance, bs_grafana_instance_free)

G_END_DECLS
