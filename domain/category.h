/* Product categories ("Kitchen / Mugs") and tags ("gift;sale"): parsing to
 * the canonical text form that is stored, shown, exported and recorded. */
#ifndef BO_CATEGORY_H
#define BO_CATEGORY_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define BO_CATEGORY_LEVELS 3
#define BO_CATEGORY_LEVEL_MAX 50 /* code points per level */
#define BO_CATEGORY_MAX                                                        \
	(BO_CATEGORY_LEVELS * BO_CATEGORY_LEVEL_MAX * 4 +                      \
	 (BO_CATEGORY_LEVELS - 1) * 3) /* bytes of the canonical form */
#define BO_TAGS_MAX 20
#define BO_TAG_MAX 32
#define BO_CATEGORY_SEP " / "

/*
 * Parses a category path: 1 to 3 levels separated by "/", each trimmed of
 * spaces, 1..50 characters, valid UTF-8 with no control characters. *out
 * is the canonical form ("Kitchen / Mugs", malloc'd) or NULL when text is
 * NULL, empty or only spaces (no category). BO_EINVAL naming "category".
 */
int bo_category_parse(char **out, const char *text, bo_err *err);

/* Checks that a stored category is NULL or already canonical. BO_EINVAL
 * naming "category". */
int bo_category_validate(const char *category, bo_err *err);

/* True when category is prefix or lies under it ("A / B" is under "A");
 * case-sensitive, whole levels only. A NULL category is under nothing. */
bool bo_category_under(const char *category, const char *prefix);

/* Number of levels of a canonical category (0 for NULL). */
int bo_category_depth(const char *category);

/*
 * Parses a tag list: tags separated by ";" (spaces around them ignored),
 * each 1..32 characters of A-Z a-z 0-9 . _ -; lower-cased, duplicates
 * dropped, sorted; at most 20. *out is the canonical form ("gift;sale",
 * malloc'd) or NULL when there is none. BO_EINVAL naming "tags".
 */
int bo_tags_parse(char **out, const char *text, bo_err *err);

/* Checks that stored tags are NULL or already canonical. BO_EINVAL naming
 * "tags". */
int bo_tags_validate(const char *tags, bo_err *err);

/* Checks one tag (as typed; any case). BO_EINVAL naming "tag". */
int bo_tag_validate(const char *tag, bo_err *err);

/* True when the canonical list tags holds tag (compared without case). */
bool bo_tags_has(const char *tags, const char *tag);

/*
 * The canonical list cur (NULL: none) with the tags of add (a list as
 * bo_tags_parse reads it; NULL: none) added and those of remove taken
 * away; *out as bo_tags_parse. BO_EINVAL naming "tags" (more than 20, or
 * a bad tag).
 */
int bo_tags_edit(char **out, const char *cur, const char *add,
		 const char *remove, bo_err *err);

#endif
