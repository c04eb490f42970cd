#!/usr/bin/env python3
"""schema-reference.py - refresh the reference schema and aws/schema/aws.schema.

A maintainer tool, not run by the build or CI.  Given the output of
`terraform providers schema -json` for hashicorp/aws 5.100.0 (the whole
provider, about 13 MB; not kept in the repository) it writes, for the types
listed in aws/schema/known-types.txt:

  reference/hashicorp-aws-5.100.0-schema.json
      the provider block and those types, descriptions removed: what the
      tests compare our schema with;
  aws/schema/aws.schema
      the compact form the build turns into C tables (aws/schema/gen_schema.c).
      Structure (types, flags, nesting, item bounds, versions) comes from the
      JSON; the behaviour annotations already written beside an attribute or
      block (check=, default=, forcenew, conflicts=, ...) are kept, matched by
      kind, type name and attribute path.  An annotation whose attribute is
      gone is reported and dropped.

Usage: scripts/schema-reference.py FULL-SCHEMA.json

Adding a known type: add its line to aws/schema/known-types.txt and run this.
"""
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN = os.path.join(REPO, 'aws', 'schema', 'known-types.txt')
COMPACT = os.path.join(REPO, 'aws', 'schema', 'aws.schema')
REFERENCE = os.path.join(REPO, 'reference', 'hashicorp-aws-5.100.0-schema.json')
PROVIDER = 'registry.terraform.io/hashicorp/aws'
KINDS = {'resource': 'resource_schemas', 'data': 'data_source_schemas',
         'ephemeral': 'ephemeral_resource_schemas'}
# Types that hashicorp/aws serves with another type's schema; written as
# `resource aws_alb = aws_lb` when the two schemas are equal.
ALIASES = {('resource', 'aws_alb'): 'aws_lb',
           ('resource', 'aws_alb_listener'): 'aws_lb_listener',
           ('resource', 'aws_alb_listener_certificate'): 'aws_lb_listener_certificate',
           ('resource', 'aws_alb_listener_rule'): 'aws_lb_listener_rule',
           ('resource', 'aws_alb_target_group'): 'aws_lb_target_group',
           ('resource', 'aws_alb_target_group_attachment'): 'aws_lb_target_group_attachment'}
ATTR_FLAGS = ('required', 'optional', 'computed', 'sensitive', 'deprecated', 'write_only')

HEADER = """\
# aws.schema - the schema of every type this provider knows, in compact form.
#
# Generated structure, hand-written behaviour.  The structure of each type is
# hashicorp/aws 5.100.0's (scripts/schema-reference.py rewrites it from
# `terraform providers schema -json`); what follows an attribute's flags is
# ours and is kept when the structure is rewritten:
#
#   TYPE NAME VERSION [deprecated] {        a type (resource, data, ephemeral)
#   TYPE NAME = OTHER                       an alias sharing OTHER's table
#   NAME TYPESPEC FLAGS... [ANNOTATIONS]    an attribute (flags: required
#                                           optional computed sensitive
#                                           deprecated write_only)
#   NAME MODE [min=N] [max=N] [deprecated] [ANNOTATIONS] {   a nested block
#   }                                       (mode: single list set map group)
#
# A nested block's annotations: computed (SDKv2 Optional+Computed: left out
# of the configuration, the prior value is kept), required, forcenew and the
# conflict lists.
# Annotations: forcenew, default=JSON, check=VALIDATOR[(ARGS)] (repeatable;
# TF_V_<VALIDATOR> of provider/schema.h, one_of/one_of_ci/int_one_of take a
# list), conflicts=PATHS, exactly_one_of=PATHS, at_least_one_of=PATHS,
# required_with=PATHS (comma-separated, "a.0.b"), desc="...",
# deprecation="...".  Strings use C syntax.  aws/schema/gen_schema.c turns
# this file into C tables at build time.
"""


def type_spec(t):
    if isinstance(t, str):
        return t
    kind = t[0]
    if kind in ('list', 'set', 'map'):
        return '%s(%s)' % (kind, type_spec(t[1]))
    if kind == 'object':
        if len(t) > 2:
            raise SystemExit('optional object attributes are not supported: %r' % (t,))
        return 'object({%s})' % ','.join('%s=%s' % (k, type_spec(v))
                                         for k, v in sorted(t[1].items()))
    if kind == 'tuple':
        return 'tuple([%s])' % ','.join(type_spec(v) for v in t[1])
    raise SystemExit('unknown type %r' % (t,))


def strip(block):
    """The block without descriptions, as the reference holds it."""
    out = {}
    attrs = {}
    for name, a in block.get('attributes', {}).items():
        attrs[name] = {k: v for k, v in a.items() if k not in ('description', 'description_kind')}
    if attrs:
        out['attributes'] = attrs
    types = {}
    for name, nb in block.get('block_types', {}).items():
        n = {k: v for k, v in nb.items() if k != 'block'}
        n['block'] = strip(nb['block'])
        types[name] = n
    if types:
        out['block_types'] = types
    if block.get('deprecated'):
        out['deprecated'] = True
    return out


def tokens(line):
    """Whitespace-separated tokens; double-quoted strings (C escapes) stay whole."""
    out, cur, i, quoted = [], '', 0, False
    while i < len(line):
        c = line[i]
        if quoted:
            cur += c
            if c == '\\' and i + 1 < len(line):
                cur += line[i + 1]
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
            cur += c
        elif c in ' \t\r\n':
            if cur:
                out.append(cur)
            cur = ''
        else:
            cur += c
        i += 1
    if cur:
        out.append(cur)
    return out


def read_annotations(path):
    """{(kind, type, 'a.b.c'): [annotation tokens]} from an existing compact file."""
    notes = {}
    if not os.path.exists(path):
        return notes
    stack = []
    head = None
    with open(path) as f:
        for line in f:
            t = [] if line.lstrip().startswith('#') else tokens(line)
            if not t:
                continue
            if t == ['}']:
                stack.pop()
                if not stack:
                    head = None
                continue
            if head is None:
                if t[-1] == '{':
                    head = (t[0], t[1])
                    stack.append(None)
                continue
            if t[-1] == '{':
                name = t[0]
                rest = [x for x in t[2:-1] if not re.match(r'^(min|max)=\d+$', x) and x != 'deprecated']
                p = '.'.join([s for s in stack[1:]] + [name])
                if rest:
                    notes[head + (p,)] = rest
                stack.append(name)
                continue
            name = t[0]
            rest = [x for x in t[2:] if x not in ATTR_FLAGS]
            p = '.'.join([s for s in stack[1:]] + [name])
            if rest:
                notes[head + (p,)] = rest
    return notes


def write_block(out, block, indent, key, prefix, notes, used):
    pad = '  ' * indent
    for name in sorted(block.get('attributes', {})):
        a = block['attributes'][name]
        words = [name, type_spec(a['type'])] + [f for f in ATTR_FLAGS if a.get(f)]
        p = prefix + name
        if key + (p,) in notes:
            words += notes[key + (p,)]
            used.add(key + (p,))
        out.append(pad + ' '.join(words))
    for name in sorted(block.get('block_types', {})):
        nb = block['block_types'][name]
        words = [name, nb['nesting_mode']]
        if nb.get('min_items'):
            words.append('min=%d' % nb['min_items'])
        if nb.get('max_items'):
            words.append('max=%d' % nb['max_items'])
        if nb['block'].get('deprecated'):
            words.append('deprecated')
        p = prefix + name
        if key + (p,) in notes:
            words += notes[key + (p,)]
            used.add(key + (p,))
        out.append(pad + ' '.join(words) + ' {')
        write_block(out, nb['block'], indent + 1, key, p + '.', notes, used)
        out.append(pad + '}')


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with open(sys.argv[1]) as f:
        full = json.load(f)['provider_schemas'][PROVIDER]
    known = []
    with open(KNOWN) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            kind, name = line.split()
            if kind not in KINDS:
                raise SystemExit('%s: unknown kind %r' % (KNOWN, kind))
            if name not in full.get(KINDS[kind], {}):
                raise SystemExit('%s %s: not in hashicorp/aws 5.100.0' % (kind, name))
            known.append((kind, name))
    if len(set(known)) != len(known):
        raise SystemExit('%s lists a type twice' % KNOWN)

    ref = {'format': 'terraform providers schema -json, provider registry.terraform.io/'
                     'hashicorp/aws v5.100.0, the types of aws/schema/known-types.txt; '
                     'descriptions removed',
           'provider': {'version': full['provider'].get('version', 0),
                        'block': strip(full['provider']['block'])}}
    for kind, name in known:
        s = full[KINDS[kind]][name]
        ref.setdefault(KINDS[kind], {})[name] = {'version': s.get('version', 0),
                                                 'block': strip(s['block'])}
    for k in KINDS.values():
        ref.setdefault(k, {})
    with open(REFERENCE, 'w') as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write('\n')

    notes = read_annotations(COMPACT)
    used = set()
    out = [HEADER.rstrip('\n')]
    order = {'resource': 0, 'data': 1, 'ephemeral': 2}
    for kind, name in sorted(known, key=lambda t: (order[t[0]], t[1])):
        s = ref[KINDS[kind]][name]
        out.append('')
        alias = ALIASES.get((kind, name))
        if alias and (kind, alias) in known and s == ref[KINDS[kind]][alias]:
            out.append('%s %s = %s' % (kind, name, alias))
            continue
        words = [kind, name, str(s['version'])]
        if s['block'].get('deprecated'):
            words.append('deprecated')
        out.append(' '.join(words) + ' {')
        write_block(out, s['block'], 1, (kind, name), '', notes, used)
        out.append('}')
    for k in sorted(set(notes) - used):
        print('dropped annotation of %s %s %s: %s' % (k[0], k[1], k[2], ' '.join(notes[k])),
              file=sys.stderr)
    with open(COMPACT, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print('%d types: %s, %s' % (len(known), os.path.relpath(REFERENCE, REPO),
                                os.path.relpath(COMPACT, REPO)))


if __name__ == '__main__':
    main()
