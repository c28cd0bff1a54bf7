#ifndef EQUILIBRE_CXML2_SHIM_H
#define EQUILIBRE_CXML2_SHIM_H
#include <stdlib.h>
#include <locale.h>
/* glibc declares strtod_l only under _GNU_SOURCE, which would change system headers for
   every module that imports this one; declare it here instead. */
extern double strtod_l(const char *__restrict nptr, char **__restrict endptr, locale_t loc);
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> would include the system's ICU
   headers, whose types clash with Foundation's own copy of ICU in any module that sees both
   ("'UErrorCode' has different definitions in different modules", seen on fresh sanitizer
   builds of the tests). Nothing here uses libxml2's ICU converter, which only adds fields at the
   end of xmlCharEncodingHandler, a struct Equilibre never allocates or reads. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* strtod in the C locale, whatever the process locale is. */
static inline double equilibre_strtod_c(const char *text, char **end) {
  static locale_t c_locale = (locale_t)0;
  if (c_locale == (locale_t)0) c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  return strtod_l(text, end, c_locale);
}
#endif
