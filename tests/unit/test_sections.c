/* Specification of splitting Markdown into searchable sections (indexer/sections.h):
 * heading paths, anchors, plain-text bodies, hostile bytes and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_text.h"
#include "sections.h"

static md_sections split_n(const char *markdown, size_t len, size_t max_sections)
{
    md_sections sections;
    md_limits limits = {.max_sections = max_sections};
    assert_int_equal(md_sections_split(markdown, len, &limits, &sections), 0);
    return sections;
}

static md_sections split(const char *markdown)
{
    return split_n(markdown, strlen(markdown), 0);
}

static const md_section *section_titled(const md_sections *sections, const char *heading)
{
    for (size_t i = 0; i < sections->count; i++)
        if (strcmp(sections->items[i].heading, heading) == 0)
            return &sections->items[i];
    fail_msg("no section with heading '%s'", heading);
    return NULL;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle))
        fail_msg("'%s' should not contain '%s'", haystack, needle);
}

static void nested_headings_form_paths_and_shallower_headings_pop_deeper_ones(void **state)
{
    (void)state;
    md_sections s = split("# A\n\nintro\n\n## B\n\n### C\n\nsee\n\n## D\n\ntext\n\n# E\n\n### F\n");
    assert_int_equal(s.count, 6);
    assert_string_equal(s.items[0].heading_path, "A");
    assert_string_equal(s.items[1].heading_path, "A › B");
    assert_string_equal(s.items[2].heading_path, "A › B › C");
    assert_string_equal(s.items[3].heading_path, "A › D");
    assert_string_equal(s.items[4].heading_path, "E");
    assert_string_equal(s.items[5].heading_path, "E › F");
    assert_int_equal(s.items[2].level, 3);
    assert_string_equal(s.items[2].body, "see");
    assert_string_equal(s.items[0].body, "intro");
    md_sections_free(&s);
}

static void setext_headings_start_sections_at_levels_one_and_two(void **state)
{
    (void)state;
    md_sections s = split("Title\n=====\n\nabout it\n\nPart\n----\n\ndetails\n");
    assert_int_equal(s.count, 2);
    assert_string_equal(s.items[0].heading, "Title");
    assert_int_equal(s.items[0].level, 1);
    assert_string_equal(s.items[0].body, "about it");
    assert_string_equal(s.items[1].heading, "Part");
    assert_int_equal(s.items[1].level, 2);
    assert_string_equal(s.items[1].heading_path, "Title › Part");
    md_sections_free(&s);
}

static void text_before_the_first_heading_is_a_preamble_section(void **state)
{
    (void)state;
    md_sections s = split("Welcome to my project.\n\n# Setup\n\nrun it\n");
    assert_int_equal(s.count, 2);
    assert_int_equal(s.items[0].level, 0);
    assert_string_equal(s.items[0].heading, "");
    assert_string_equal(s.items[0].heading_path, "");
    assert_string_equal(s.items[0].anchor, "");
    assert_string_equal(s.items[0].body, "Welcome to my project.");
    assert_string_equal(s.items[1].heading, "Setup");
    md_sections_free(&s);
}

static void heading_only_sections_are_kept_and_empty_ones_dropped(void **state)
{
    (void)state;
    md_sections s = split("\n\n# Only a heading\n#\n# Next\nbody\n");
    assert_int_equal(s.count, 2);
    assert_string_equal(s.items[0].heading, "Only a heading");
    assert_string_equal(s.items[0].body, "");
    assert_string_equal(s.items[1].heading, "Next");
    md_sections_free(&s);
}

static void hash_inside_a_code_fence_is_body_text_not_a_heading(void **state)
{
    (void)state;
    md_sections s = split("# Install\n\n```sh\n# not a heading\nmake install\n```\n\n    indented();\n");
    assert_int_equal(s.count, 1);
    assert_contains(s.items[0].body, "# not a heading\nmake install");
    assert_contains(s.items[0].body, "indented();");
    md_sections_free(&s);
}

static void html_is_stripped_to_its_text(void **state)
{
    (void)state;
    md_sections s = split("<p align=center>\n  <img alt=\"x\" src=\"logo.png\"> Title</p>\n\n"
                          "# Notes\n\n<details>\n<summary>Click here</summary>\n\nHidden <b>bold</b>text\n\n"
                          "</details>\n<!-- secret comment -->\n");
    assert_int_equal(s.count, 2);
    assert_string_equal(s.items[0].body, "Title");
    const char *notes = section_titled(&s, "Notes")->body;
    assert_contains(notes, "Click here");
    assert_contains(notes, "Hidden boldtext");
    assert_lacks(notes, "<");
    assert_lacks(notes, "secret");
    md_sections_free(&s);
}

static void block_html_words_do_not_glue_together(void **state)
{
    (void)state;
    md_sections s = split("<table><tr><td>left</td><td>right</td></tr></table>\n");
    assert_int_equal(s.count, 1);
    assert_contains(s.items[0].body, "left");
    assert_lacks(s.items[0].body, "leftright");
    md_sections_free(&s);
}

static void slugs_follow_github(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Challenges Faced & Solutions", "challenges-faced--solutions"},
        {"\xE2\x9A\x94\xEF\xB8\x8F Challenges", "-challenges"}, /* ⚔️ */
        {"Set-up (Docker)", "set-up-docker"},
        {"snake_case API v2.0", "snake_case-api-v20"},
        {"Café Ünïcode 🚀", "café-Ünïcode-"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *slug = md_heading_slug(cases[i][0]);
        assert_non_null(slug);
        assert_string_equal(slug, cases[i][1]);
        free(slug);
    }
}

static void emoji_stay_in_the_heading_but_not_in_the_anchor(void **state)
{
    (void)state;
    md_sections s = split("## \xF0\x9F\x9A\x80 Deployment\n\nship it\n");
    assert_int_equal(s.count, 1);
    assert_string_equal(s.items[0].heading, "\xF0\x9F\x9A\x80 Deployment");
    assert_string_equal(s.items[0].anchor, "-deployment");
    md_sections_free(&s);
}

static void duplicate_headings_get_numbered_anchors(void **state)
{
    (void)state;
    md_sections s = split("# Usage\na\n# Usage\nb\n# Usage\nc\n# Usage-1\nd\n");
    assert_int_equal(s.count, 4);
    assert_string_equal(s.items[0].anchor, "usage");
    assert_string_equal(s.items[1].anchor, "usage-1");
    assert_string_equal(s.items[2].anchor, "usage-2");
    /* GitHub reserves generated anchors, so the literal "Usage-1" moves on */
    assert_string_equal(s.items[3].anchor, "usage-1-1");
    md_sections_free(&s);
}

static void crlf_input_leaves_no_carriage_returns(void **state)
{
    (void)state;
    const char *md = "# Title\r\n\r\nfirst line\r\nsecond line\r\n\r\n```\r\ncode\r\n```\r\n\r\nSub\r\n---\r\n";
    md_sections s = split(md);
    assert_int_equal(s.count, 2);
    for (size_t i = 0; i < s.count; i++) {
        assert_null(strchr(s.items[i].heading, '\r'));
        assert_null(strchr(s.items[i].heading_path, '\r'));
        assert_null(strchr(s.items[i].body, '\r'));
    }
    assert_string_equal(s.items[0].body, "first line\nsecond line\n\ncode");
    assert_string_equal(s.items[1].heading, "Sub");
    md_sections_free(&s);
}

static void invalid_utf8_and_nul_bytes_give_valid_utf8(void **state)
{
    (void)state;
    static const char md[] = "# Bad \xC3\x28 head\x00ing\n\nbody \xFF\xFE with\x00nul \xED\xA0\x80 end\n";
    md_sections s = split_n(md, sizeof md - 1, 0);
    assert_int_equal(s.count, 1);
    const md_section *sec = &s.items[0];
    assert_true(nx_utf8_valid(sec->heading, strlen(sec->heading)));
    assert_true(nx_utf8_valid(sec->heading_path, strlen(sec->heading_path)));
    assert_true(nx_utf8_valid(sec->anchor, strlen(sec->anchor)));
    assert_true(nx_utf8_valid(sec->body, strlen(sec->body)));
    assert_contains(sec->heading, "heading");
    assert_contains(sec->body, "withnul");
    md_sections_free(&s);
}

static void links_keep_their_text_and_images_their_alt_text(void **state)
{
    (void)state;
    md_sections s = split("Read [the guide](https://example.com/guide \"Guide\") and "
                          "![architecture diagram](img/arch.png)![badge](b.svg) *now*.\n");
    assert_int_equal(s.count, 1);
    const char *body = s.items[0].body;
    assert_contains(body, "Read the guide and");
    assert_contains(body, "architecture diagram badge");
    assert_contains(body, "now.");
    assert_lacks(body, "example.com");
    assert_lacks(body, "arch.png");
    assert_lacks(body, "*");
    md_sections_free(&s);
}

static void table_cells_are_separated(void **state)
{
    (void)state;
    md_sections s = split("# Stack\n\n| Layer | Tool |\n|---|---|\n| api | Django |\n| db | Postgres |\n");
    assert_int_equal(s.count, 1);
    const char *body = s.items[0].body;
    assert_contains(body, "Layer Tool");
    assert_contains(body, "api Django");
    assert_contains(body, "db Postgres");
    assert_lacks(body, "|");
    md_sections_free(&s);
}

static void headings_past_the_limit_fold_into_the_last_section(void **state)
{
    (void)state;
    const char *md = "# One\na\n# Two\nb\n# Three\nc\n# Four\nd\n";
    md_sections s = split_n(md, strlen(md), 2);
    assert_int_equal(s.count, 2);
    assert_string_equal(s.items[1].heading, "Two");
    assert_contains(s.items[1].body, "Three");
    assert_contains(s.items[1].body, "Four");
    assert_contains(s.items[1].body, "d");
    md_sections_free(&s);
}

static void the_default_limit_applies_to_a_flood_of_headings(void **state)
{
    (void)state;
    nx_buf md = {0};
    for (int i = 0; i < 100000; i++) {
        char line[48];
        snprintf(line, sizeof line, "# Heading %d\nbody %d\n", i, i);
        nx_buf_append_str(&md, line);
    }
    md_sections s;
    assert_int_equal(md_sections_split(md.data, md.len, NULL, &s), 0);
    assert_int_equal(s.count, MD_DEFAULT_MAX_SECTIONS);
    assert_contains(s.items[s.count - 1].body, "Heading 99999");
    md_sections_free(&s);
    nx_buf_free(&md);
}

static void entities_are_decoded(void **state)
{
    (void)state;
    md_sections s = split("# Q&amp;A\n\nTom &amp; Jerry &lt;3 &quot;quoted&quot; it&#39;s&nbsp;fine &#233;t&#xE9; "
                          "&unknownthing;\n\n<div>raw &amp; html</div>\n");
    assert_int_equal(s.count, 1);
    assert_string_equal(s.items[0].heading, "Q&A");
    assert_string_equal(s.items[0].anchor, "qa");
    const char *body = s.items[0].body;
    assert_contains(body, "Tom & Jerry <3 \"quoted\" it's fine été");
    assert_contains(body, "&unknownthing;");
    assert_contains(body, "raw & html");
    md_sections_free(&s);
}

static void empty_input_gives_zero_sections(void **state)
{
    (void)state;
    md_sections s = split_n("", 0, 0);
    assert_int_equal(s.count, 0);
    md_sections_free(&s);
    s = split("\n\n   \n<!-- only a comment -->\n");
    assert_int_equal(s.count, 0);
    md_sections_free(&s);
}

static void each_section_keeps_its_markdown_source_from_heading_line_to_next_heading(void **state)
{
    (void)state;
    md_sections s = split("intro **bold**\n\n## Stack\n\n| a | b |\n|---|---|\n| x | y |\n\n"
                          "Title\n=====\n\n- **Challenge:** slow\n\n\n");
    assert_int_equal(s.count, 3);
    assert_string_equal(s.items[0].markdown, "intro **bold**");
    assert_string_equal(s.items[1].markdown, "## Stack\n\n| a | b |\n|---|---|\n| x | y |");
    assert_string_equal(s.items[2].markdown, "Title\n=====\n\n- **Challenge:** slow");
    md_sections_free(&s);
}

static void markdown_of_a_heading_in_a_quote_or_without_text_starts_at_its_line(void **state)
{
    (void)state;
    md_sections s = split("# A\n\ntext\n\n> ## Quoted\n> body\n\n##\n\nafter empty heading\n");
    assert_int_equal(s.count, 3);
    assert_string_equal(s.items[0].markdown, "# A\n\ntext");
    assert_string_equal(s.items[1].markdown, "> ## Quoted\n> body");
    assert_string_equal(s.items[2].markdown, "##\n\nafter empty heading");
    md_sections_free(&s);
}

static void markdown_is_sanitised_and_code_fences_do_not_cut_it(void **state)
{
    (void)state;
    const char input[] = "# T\r\n\r\n```\r\n# not a heading\r\n```\r\nbad \xff byte\0!\r\n";
    md_sections s = split_n(input, sizeof input - 1, 0);
    assert_int_equal(s.count, 1);
    assert_true(nx_utf8_valid(s.items[0].markdown, strlen(s.items[0].markdown)));
    assert_contains(s.items[0].markdown, "# not a heading");
    assert_contains(s.items[0].markdown, "bad \xEF\xBF\xBD byte!");
    md_sections_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_headings_form_paths_and_shallower_headings_pop_deeper_ones),
        cmocka_unit_test(setext_headings_start_sections_at_levels_one_and_two),
        cmocka_unit_test(text_before_the_first_heading_is_a_preamble_section),
        cmocka_unit_test(heading_only_sections_are_kept_and_empty_ones_dropped),
        cmocka_unit_test(hash_inside_a_code_fence_is_body_text_not_a_heading),
        cmocka_unit_test(html_is_stripped_to_its_text),
        cmocka_unit_test(block_html_words_do_not_glue_together),
        cmocka_unit_test(slugs_follow_github),
        cmocka_unit_test(emoji_stay_in_the_heading_but_not_in_the_anchor),
        cmocka_unit_test(duplicate_headings_get_numbered_anchors),
        cmocka_unit_test(crlf_input_leaves_no_carriage_returns),
        cmocka_unit_test(invalid_utf8_and_nul_bytes_give_valid_utf8),
        cmocka_unit_test(links_keep_their_text_and_images_their_alt_text),
        cmocka_unit_test(table_cells_are_separated),
        cmocka_unit_test(headings_past_the_limit_fold_into_the_last_section),
        cmocka_unit_test(the_default_limit_applies_to_a_flood_of_headings),
        cmocka_unit_test(entities_are_decoded),
        cmocka_unit_test(empty_input_gives_zero_sections),
        cmocka_unit_test(each_section_keeps_its_markdown_source_from_heading_line_to_next_heading),
        cmocka_unit_test(markdown_of_a_heading_in_a_quote_or_without_text_starts_at_its_line),
        cmocka_unit_test(markdown_is_sanitised_and_code_fences_do_not_cut_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
