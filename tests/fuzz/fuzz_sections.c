/* libFuzzer target: the Markdown section splitter on arbitrary bytes.
 * Checks what sections.h promises: bounded section count, every string present and valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nx_text.h"
#include "sections.h"

/* Small, so the fuzzer reaches the folding of headings past the limit. */
#define FUZZ_MAX_SECTIONS 16

static void check_text(const char *text)
{
    if (!text || !nx_utf8_valid(text, strlen(text)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    md_limits limits = {.max_sections = FUZZ_MAX_SECTIONS};
    md_sections sections;
    if (md_sections_split((const char *)data, size, &limits, &sections) != 0)
        return 0; /* out of memory is allowed */
    if (sections.count > FUZZ_MAX_SECTIONS)
        abort();
    for (size_t i = 0; i < sections.count; i++) {
        const md_section *s = &sections.items[i];
        check_text(s->heading);
        check_text(s->heading_path);
        check_text(s->anchor);
        check_text(s->body);
        if (s->level > 6 || (s->level == 0 && s->heading[0]))
            abort();
        char *slug = md_heading_slug(s->heading);
        check_text(slug);
        free(slug);
    }
    md_sections_free(&sections);
    return 0;
}
