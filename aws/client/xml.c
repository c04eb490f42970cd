/* xml.c - a small DOM over expat for ec2/query responses.
 *
 * AWS XML answers are small trees of elements with text; attributes and
 * namespaces carry nothing the provider needs, so a node is just a name, its
 * text and its children.  Everything lives in the caller's arena.  Anything
 * that is not a complete well-formed document (truncated, garbage, a DOCTYPE,
 * absurd nesting) is an AWS_ERR_RESPONSE error, never a crash. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "aws.h"
#include "buf.h"

#define XML_MAX_DEPTH 128

typedef struct {
    tf_arena *arena;
    XML_Parser parser;
    aws_xml_node *root;
    aws_xml_node *cur;
    aws_buf text[XML_MAX_DEPTH];
    int depth;
    const char *failure;         /* set when we stopped the parser */
} xml_state;

static void xml_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    xml_state *st = ud;
    if (st->depth >= XML_MAX_DEPTH) {
        st->failure = "elements nested too deeply";
        XML_StopParser(st->parser, XML_FALSE);
        return;
    }
    if (!st->cur && st->root) {
        st->failure = "more than one root element";
        XML_StopParser(st->parser, XML_FALSE);
        return;
    }
    const char *colon = strrchr(name, ':');
    aws_xml_node *n = tf_arena_calloc(st->arena, 1, sizeof *n);
    n->name = tf_arena_strdup(st->arena, colon ? colon + 1 : name);
    n->text = "";
    n->parent = st->cur;
    if (st->cur) {
        /* Prepended here, put back in document order when the parent ends. */
        n->next = st->cur->children;
        st->cur->children = n;
    } else {
        st->root = n;
    }
    st->cur = n;
    aws_buf_init(&st->text[st->depth], st->arena);
    st->depth++;
}

static void xml_end(void *ud, const XML_Char *name)
{
    (void)name;
    xml_state *st = ud;
    if (!st->cur || st->depth <= 0)
        return;
    aws_xml_node *n = st->cur;
    aws_xml_node *rev = NULL;
    while (n->children) {
        aws_xml_node *c = n->children;
        n->children = c->next;
        c->next = rev;
        rev = c;
    }
    n->children = rev;
    st->depth--;
    n->text = st->text[st->depth].data;
    st->cur = n->parent;
}

static void xml_chars(void *ud, const XML_Char *s, int len)
{
    xml_state *st = ud;
    if (st->depth > 0 && len > 0)
        aws_buf_putn(&st->text[st->depth - 1], s, (size_t)len);
}

static void xml_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                        const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    xml_state *st = ud;
    st->failure = "DOCTYPE not allowed";
    XML_StopParser(st->parser, XML_FALSE);
}

int aws_xml_parse(tf_arena *a, const char *buf, size_t len,
                  aws_xml_node **root, aws_error *err)
{
    *root = NULL;
    if (len > INT_MAX) {
        aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                      "XML response too large");
        return -1;
    }
    xml_state *st = tf_arena_calloc(a, 1, sizeof *st);
    st->arena = a;
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                      "cannot create XML parser");
        return -1;
    }
    st->parser = p;
    XML_SetUserData(p, st);
    XML_SetElementHandler(p, xml_start, xml_end);
    XML_SetCharacterDataHandler(p, xml_chars);
    XML_SetStartDoctypeDeclHandler(p, xml_doctype);
    enum XML_Status s = XML_Parse(p, buf ? buf : "", (int)len, XML_TRUE);
    int rc = 0;
    if (s != XML_STATUS_OK || st->failure || !st->root || st->depth != 0) {
        const char *why = st->failure ? st->failure
                          : s != XML_STATUS_OK ? XML_ErrorString(XML_GetErrorCode(p))
                                               : "no root element";
        aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                      "malformed XML response at line %lu: %s",
                      (unsigned long)XML_GetCurrentLineNumber(p), why);
        rc = -1;
    } else {
        *root = st->root;
    }
    XML_ParserFree(p);
    return rc;
}

/* ---- navigation -------------------------------------------------------- */

static const aws_xml_node *xml_named_child(const aws_xml_node *n,
                                           const char *name, size_t len)
{
    for (const aws_xml_node *c = n->children; c; c = c->next)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c;
    return NULL;
}

const aws_xml_node *aws_xml_child(const aws_xml_node *n, const char *path)
{
    if (!n)
        return NULL;
    if (!path)
        return n;
    const char *p = path;
    while (*p && n) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len > 0)
            n = xml_named_child(n, p, len);
        p += len;
        if (*p == '/')
            p++;
    }
    return n;
}

const char *aws_xml_text(const aws_xml_node *n, const char *path)
{
    const aws_xml_node *c = aws_xml_child(n, path);
    return c ? c->text : NULL;
}

const aws_xml_node *aws_xml_first(const aws_xml_node *n, const char *path)
{
    return aws_xml_child(n, path);
}

const aws_xml_node *aws_xml_next(const aws_xml_node *n)
{
    if (!n)
        return NULL;
    for (const aws_xml_node *c = n->next; c; c = c->next)
        if (strcmp(c->name, n->name) == 0)
            return c;
    return NULL;
}

int aws_xml_bool(const aws_xml_node *n, const char *path, int dflt)
{
    const char *t = aws_xml_text(n, path);
    if (!t)
        return dflt;
    if (strcmp(t, "true") == 0)
        return 1;
    if (strcmp(t, "false") == 0)
        return 0;
    return dflt;
}

long long aws_xml_int(const aws_xml_node *n, const char *path, long long dflt)
{
    const char *t = aws_xml_text(n, path);
    if (!t || !*t)
        return dflt;
    char *end;
    long long v = strtoll(t, &end, 10);
    return *end ? dflt : v;
}
