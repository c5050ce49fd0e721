# -*- coding: utf-8 -*-
# A stand-in for the xyl command in the modules' tests: it appends every
# argument list to $FAKE_XYL_LOG and keeps a small host in the JSON file
# $FAKE_XYL_WORLD, so a test sees what the module ran AND what that did
# (a create adds a domain, a second apply finds nothing to do).  Its plan
# follows xyl's rules and exit codes in small: a definition's name:, a
# record of the file and its content, FILE:LINE:COL errors for a bad memory
# size, exit 0 / 2 / 1.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import hashlib
import json
import os
import re
import sys

MEMORY = re.compile(r'^\d+[KMGT]?$')


def load():
    with open(os.environ['FAKE_XYL_WORLD']) as f:
        return json.load(f)


def store(world):
    with open(os.environ['FAKE_XYL_WORLD'], 'w') as f:
        json.dump(world, f)


def die(msg):
    sys.stderr.write('xyl: %s\n' % msg)
    sys.exit(1)


def read_definition(path, errors):
    """The guest's name and the file's sha256; errors collects FILE:LINE:COL lines."""
    with open(path, 'rb') as f:
        data = f.read()
    name = None
    for n, line in enumerate(data.decode('utf-8').splitlines(), 1):
        m = re.match(r'^(\w+):\s*(.*)$', line)
        if not m:
            continue
        if m.group(1) == 'name':
            name = m.group(2).strip()
        if m.group(1) == 'memory' and not MEMORY.match(m.group(2).strip()):
            errors.append("%s:%d:%d: error: 'memory': unknown unit in '%s'" % (path, n, m.start(2) + 1, m.group(2).strip()))
    if name is None:
        errors.append("%s:1:1: error: 'name' is required" % path)
    return name, hashlib.sha256(data).hexdigest()


def add(world, name, path, sha):
    world['next_domid'] = world.get('next_domid', 1)
    world['domains'].append(dict(name=name, domid=world['next_domid'], state='-b----', managed=True,
                                 file=path, sha256=sha, type='pv'))
    world['next_domid'] += 1


def find(world, name):
    for d in world['domains']:
        if d['name'] == name or str(d['domid']) == name:
            return d
    die('%s: no such domain' % name)


def plan(world, folder, prune):
    folder = os.path.abspath(folder)
    errors, wanted = [], []
    for f in sorted(os.listdir(folder)):
        if f.endswith(('.yaml', '.yml')):
            path = os.path.join(folder, f)
            name, sha = read_definition(path, errors)
            wanted.append((name, path, sha))
    if errors:
        sys.stderr.write('\n'.join(errors) + '\n')
        die('%s has errors (above): nothing was planned' % folder)
    guests, conflicts = [], 0
    have = dict((d['name'], d) for d in world['domains'])
    for name, path, sha in wanted:
        d = have.get(name)
        if d is None:
            guests.append(dict(name=name, action='create', file=path, disruptive=False, reasons=[]))
        elif not d.get('managed'):
            conflicts += 1
            guests.append(dict(name=name, action='conflict', file=path, disruptive=False,
                               reasons=['a domain of that name exists that xyl did not create']))
        elif d['sha256'] != sha or d['file'] != path:
            guests.append(dict(name=name, action='update', file=path, disruptive=False,
                               reasons=['definition edited'], domid=d['domid']))
        else:
            guests.append(dict(name=name, action='unchanged', file=path, disruptive=False, reasons=[]))
    if prune:
        names = [w[0] for w in wanted]
        for d in world['domains']:
            if d.get('managed') and d['file'].startswith(folder + '/') and d['name'] not in names:
                guests.append(dict(name=d['name'], action='destroy', file=d['file'], disruptive=True,
                                   reasons=['%s is gone' % d['file']], domid=d['domid']))
    changes = len([g for g in guests if g['action'] not in ('unchanged', 'conflict')])
    return dict(folder=folder, changes=changes, conflicts=conflicts,
                disruptive=len([g for g in guests if g['disruptive']]), guests=guests), wanted


def cmd_plan(world, args):
    p, dummy = plan(world, args[-1], '--prune' in args)
    if '--json' in args:
        print(json.dumps(p, indent=4))
    else:
        marks = dict(create='+', update='~', destroy='-', unchanged='=', conflict='!')
        for g in p['guests']:
            print('%s %s %s' % (marks[g['action']], g['action'], g['name']))
        print('Plan: %d changes.' % p['changes'])
    if p['conflicts']:
        die('a domain of a folder guest\'s name exists that xyl did not create')
    return 2 if p['changes'] else 0


def cmd_apply(world, args):
    p, wanted = plan(world, args[-1], '--prune' in args)
    if p['conflicts']:
        die('conflicts: nothing was applied')
    if p['disruptive'] and '--yes' not in args:
        die('disruptive actions need --yes: nothing was applied')
    files = dict((w[0], w) for w in wanted)
    for g in p['guests']:
        if g['action'] == 'create':
            add(world, g['name'], files[g['name']][1], files[g['name']][2])
            print('created %s' % g['name'])
        elif g['action'] == 'update':
            d = find(world, g['name'])
            d['file'], d['sha256'] = files[g['name']][1], files[g['name']][2]
            print('updated %s' % g['name'])
        elif g['action'] == 'destroy':
            world['domains'].remove(find(world, g['name']))
            print('destroyed %s' % g['name'])
    store(world)
    return 0


def cmd_list(world, args):
    doms = [dict(name='Domain-0', domid=0, uuid='00000000-0000-0000-0000-000000000000', mem_mib=1024,
                 vcpus=2, state='r-----', time_s=50.0)]
    for d in world['domains']:
        doms.append(dict(name=d['name'], domid=d['domid'], uuid='00000000-0000-0000-0000-%012d' % d['domid'],
                         mem_mib=128, vcpus=1, state=d['state'], time_s=1.5))
    print(json.dumps(doms))
    return 0


def cmd_state(world, args):
    print(json.dumps(dict(format='xyl-state', version=1, domains=[
        dict(name=d['name'], domid=d['domid'], managed=d.get('managed', False), file=d.get('file'), type=d['type'])
        for d in world['domains']])))
    return 0


def cmd_create(world, args):
    errors = []
    name, sha = read_definition(args[-1], errors)
    if errors:
        sys.stderr.write('\n'.join(errors) + '\n')
        die('%s is invalid' % args[-1])
    if name in [d['name'] for d in world['domains']]:
        die('a domain named %s exists' % name)
    add(world, name, os.path.abspath(args[-1]), sha)
    store(world)
    return 0


def cmd_destroy(world, args):
    d = find(world, args[-1])
    world['domains'].remove(d)
    if '--delete-disks' in args:
        world.setdefault('deleted_disks', []).append(d['name'])
    store(world)
    return 0


def cmd_shutdown(world, args):
    d = find(world, args[-1])
    if d['name'] not in world.get('stuck', []):
        world['domains'].remove(d)
    store(world)
    return 0


def cmd_unpause(world, args):
    find(world, args[-1])['state'] = '-b----'
    store(world)
    return 0


def cmd_save(world, args):
    d = find(world, args[-2])
    with open(args[-1], 'w') as f:
        json.dump(d, f)
    world['domains'].remove(d)
    store(world)
    return 0


def cmd_restore(world, args):
    with open(args[-1]) as f:
        d = json.load(f)
    d['state'] = '-b----'
    world['domains'].append(d)
    store(world)
    return 0


def cmd_info(world, args):
    print(json.dumps(dict(host='fakehost', xen_version='4.17.0')))
    return 0


COMMANDS = dict(plan=cmd_plan, apply=cmd_apply, list=cmd_list, state=cmd_state, create=cmd_create,
                destroy=cmd_destroy, shutdown=cmd_shutdown, unpause=cmd_unpause, save=cmd_save,
                restore=cmd_restore, info=cmd_info)


def main():
    args = sys.argv[1:]
    with open(os.environ['FAKE_XYL_LOG'], 'a') as f:
        f.write(json.dumps(args) + '\n')
    if not args or args[0] not in COMMANDS:
        sys.stderr.write('xyl: fake: unknown command %r\n' % args)
        return 2
    return COMMANDS[args[0]](load(), args)


if __name__ == '__main__':
    sys.exit(main())
