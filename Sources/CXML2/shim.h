#ifndef EQUILIBRE_CXML2_SHIM_H
#define EQUILIBRE_CXML2_SHIM_H
#include <stdlib.h>
#include <locale.h>
/* glibc declares strtod_l only under _GNU_SOURCE, which would change system headers for
   every module that imports this one; declare it here instead. */
extern double strtod_l(const char *__restrict nptr, char **__restrict endptr, locale_t loc);
/* libxml2's encoding.h includes ICU's headers when libxml2 was built with ICU (Debian's is).
   They clash with Foundation's own ICU module in any client that imports both, so hide them:
   Equilibre never touches the ICU converter fields (xmlCharEncodingHandler is only ever
   handled through pointers, so no layout we use changes). */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* libxml2 reports some errors (a failed encoding conversion, "xmlParseChunk: encoder error")
   through its generic handler, which prints to stderr, instead of the parser's structured
   handler: a hostile file could write libxml2's text between Equilibre's own messages. The
   handler is per thread; every parser sets it on the thread it runs on. */
static void equilibre_ignore_generic_error(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}
static inline void equilibre_silence_generic_errors(void) {
  xmlSetGenericErrorFunc(NULL, equilibre_ignore_generic_error);
}

/* strtod in the C locale, whatever the process locale is. */
static inline double equilibre_strtod_c(const char *text, char **end) {
  static locale_t c_locale = (locale_t)0;
  if (c_locale == (locale_t)0) c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  return strtod_l(text, end, c_locale);
}
#endif
