#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>
#include <math.h>

#include "bs-alert-template.h"

static JsonObject *
make_labels (void)
{
  JsonObject *labels = json_object_new ();

  json_object_set_string_member (labels, "alertname", "Inventory low");
  json_object_set_string_member (labels, "product_id", "P-17");
  json_object_set_string_member (labels, "store", "Lyon “Part-Dieu”");
  json_object_set_string_member (labels, "empty", "");
  json_object_set_int_member (labels, "not_text", 5);
  return labels;
}

static void
assert_renders (const char *template_text,
                double      value,
                const char *expected)
{
  g_autoptr(JsonObject) labels = make_labels ();
  g_autofree char *text = bs_alert_template_render (template_text, labels, value);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_value (void)
{
  assert_renders ("{{ $value }}", 42, "42");
  assert_renders ("{{$value}}", 42, "42");
  assert_renders ("{{   $value\t}}", 42, "42");
  assert_renders ("{{ $value }}", 0, "0");
  assert_renders ("{{ $value }}", -0.0, "0");
  assert_renders ("{{ $value }}", -17, "-17");
  /* Whole numbers are shown whole, not in exponent form. */
  assert_renders ("{{ $value }}", 1234567, "1234567");
  assert_renders ("{{ $value }}", 1e14, "100000000000000");
  /* The others with six significant digits, whatever the locale. */
  assert_renders ("{{ $value }}", 0.1 + 0.2, "0.3");
  assert_renders ("{{ $value }}", 3.14159265, "3.14159");
  assert_renders ("{{ $value }}", 1234567.891, "1.23457e+06");
  assert_renders ("{{ $value }}", -0.000012345678, "-1.23457e-05");
  assert_renders ("{{ $value }}", 99.5, "99.5");
  assert_renders ("{{ $value }}", 1e20, "1e+20");
  assert_renders ("{{ $value }}", NAN, "no value");
  assert_renders ("{{ $value }}", INFINITY, "inf");
  assert_renders ("{{ $value }} units left, {{ $value }} in all", 3, "3 units left, 3 in all");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Compiles a German locale into a temporary directory: the machines that run the tests
 * often have no locale but C installed. */
static char *
make_comma_locale (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bs-template-XXXXXX", &error);
  g_autofree char *target = NULL;
  g_autofree char *errors = NULL;
  int status = -1;

  g_assert_no_error (error);
  target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  {
    const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                       | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &errors, &status,
                       NULL)
        || !g_spawn_check_wait_status (status, NULL))
      {
        g_test_message ("localedef failed: %s", errors != NULL ? errors : "");
        remove_tree (dir);
        return NULL;
      }
  }
  return g_steal_pointer (&dir);
}

static void
test_value_locale (void)
{
  g_autoptr(JsonObject) labels = make_labels ();
  g_autofree char *text = NULL;
  g_autofree char *dir = make_comma_locale ();
  char buffer[32];

  if (dir == NULL)
    {
      g_test_skip ("localedef cannot build de_DE.UTF-8 here");
      return;
    }
  g_setenv ("LOCPATH", dir, TRUE);
  g_assert_nonnull (setlocale (LC_NUMERIC, "de_DE.UTF-8"));
  /* The test checks what it means to: printf itself writes a comma now. */
  g_snprintf (buffer, sizeof buffer, "%g", 2.5);
  g_assert_cmpstr (buffer, ==, "2,5");

  /* A comma locale must not turn 2.5 into "2,5" in a Slack message. */
  text = bs_alert_template_render ("{{ $value }} / {{ humanize $value }}", labels, 2500.5);
  setlocale (LC_NUMERIC, "C.UTF-8");
  g_unsetenv ("LOCPATH");
  remove_tree (dir);
  g_assert_cmpstr (text, ==, "2500.5 / 2.501k");
}

static void
test_labels (void)
{
  assert_renders ("{{ $labels.product_id }} has {{ $value }} units left", 7,
                  "P-17 has 7 units left");
  assert_renders ("{{$labels.store}}", 7, "Lyon “Part-Dieu”");
  assert_renders ("[{{ $labels.missing }}]", 7, "[]");
  assert_renders ("[{{ $labels.empty }}]", 7, "[]");
  assert_renders ("[{{ $labels.not_text }}]", 7, "[]");
  assert_renders ("{{ $labels.alertname }}: {{ $labels.product_id }}", 1,
                  "Inventory low: P-17");
}

static void
test_no_labels (void)
{
  g_autofree char *text = bs_alert_template_render ("[{{ $labels.product_id }}] {{ $value }}",
                                                    NULL, 5);

  g_assert_cmpstr (text, ==, "[] 5");
}

static void
test_humanize (void)
{
  assert_renders ("{{ humanize $value }}", 1234567, "1.235M");
  assert_renders ("{{humanize $value}}", 1234, "1.234k");
  assert_renders ("{{ $value | humanize }}", 1234, "1.234k");
  assert_renders ("{{ humanize $value }}", 999, "999");
  assert_renders ("{{ humanize $value }}", 1000, "1k");
  assert_renders ("{{ humanize $value }}", 2.5e9, "2.5G");
  assert_renders ("{{ humanize $value }}", -1234567, "-1.235M");
  assert_renders ("{{ humanize $value }}", 0, "0");
  assert_renders ("{{ humanize $value }}", 0.5, "500m");
  assert_renders ("{{ humanize $value }}", 0.000002, "2u");
  assert_renders ("{{ humanize $value }}", 1e27, "1000Y");
  assert_renders ("{{ humanize $value }}", NAN, "no value");
}

static void
test_kept_as_is (void)
{
  const char *kept[] = {
    "{{ $value",
    "$value }}",
    "{ $value }",
    "{{ $values }}",
    "{{ $Value }}",
    "{{ value }}",
    "{{ $labels }}",
    "{{ $labels. }}",
    "{{ $labels.1x }}",
    "{{ $labels.a-b }}",
    "{{ humanize }}",
    "{{ humanize $labels.product_id }}",
    "{{ $value | printf \"%.2f\" }}",
    "{{ if gt $value 10.0 }}high{{ end }}",
    "{{}}",
    "{{ }}",
    "}} {{",
    "%s %n %x",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    assert_renders (kept[i], 5, kept[i]);

  /* A broken action next to a good one: only the good one is replaced. */
  assert_renders ("{{ $valu }} and {{ $value }}", 5, "{{ $valu }} and 5");
  assert_renders ("{{{ $value }}}", 5, "{{{ $value }}}");
  assert_renders ("{{ $value }} {{", 5, "5 {{");
  assert_renders ("{{ {{ $value }}", 5, "{{ {{ $value }}");
}

static void
test_null_template (void)
{
  g_autofree char *text = bs_alert_template_render (NULL, NULL, 1);

  g_assert_cmpstr (text, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/alert-template/value", test_value);
  g_test_add_func ("/bs/alert-template/value-locale", test_value_locale);
  g_test_add_func ("/bs/alert-template/labels", test_labels);
  g_test_add_func ("/bs/alert-template/no-labels", test_no_labels);
  g_test_add_func ("/bs/alert-template/humanize", test_humanize);
  g_test_add_func ("/bs/alert-template/kept-as-is", test_kept_as_is);
  g_test_add_func ("/bs/alert-template/null-template", test_null_template);
  return g_test_run ();
}
