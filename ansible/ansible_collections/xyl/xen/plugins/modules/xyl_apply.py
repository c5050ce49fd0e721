#!/usr/bin/python
# -*- coding: utf-8 -*-
# xyl_apply: make a Xen host's guests match a folder of xyl definitions.
# Check mode is `xyl plan --json` (exit 2 = changed), the run `xyl apply`;
# a folder from the controller arrives as file contents (the action plugin
# of the same name reads src) and is written into path first.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xyl_apply
short_description: Apply a folder of xyl guest definitions to a Xen host
version_added: 0.1.0
description:
  - Makes the running guests of a Xen dom0 match a folder of YAML guest
    definitions with C(xyl apply).
  - The folder is validated first; an invalid definition fails the task with
    every error as C(FILE:LINE:COL) in C(errors), and nothing is changed.
  - In check mode the module runs C(xyl plan --json) only; exit code 2 of the
    plan means changed, 0 unchanged, 1 failed.
  - With C(--diff) the plan is shown as C(xyl plan) prints it, and every
    definition file that C(src) would change is shown as a file diff.
  - The folder is either on the managed host (C(path) only) or on the
    controller (C(src)), copied into C(path) first.
author:
  - xyl developers (@xyl)
options:
  path:
    description:
      - The folder of guest definitions on the managed host, for example
        C(/etc/xyl/guests). Created when C(src) is given and it is missing.
    type: path
    required: true
  src:
    description:
      - A folder on the controller whose C(*.yaml) and C(*.yml) files are
        copied into C(path) before the plan (not its subfolders).
      - Files that already hold the same content are not rewritten.
      - In check mode nothing is written; when files would change, the plan
        is made on a temporary copy of C(path) with the new files, so its
        file names are those of the copy.
    type: path
  files:
    description:
      - The definitions to write into C(path), as a mapping of file name to
        content. The action plugin fills it from C(src); set it directly
        only to write generated definitions.
    type: dict
  prune:
    description:
      - Also destroy guests that xyl created from C(path) whose file is gone
        (C(xyl apply --prune)).
      - With C(src), definition files in C(path) that C(src) does not have
        are deleted first.
    type: bool
    default: false
  disruptive:
    description:
      - Whether actions that stop a running guest (a recreate, or a destroy by
        C(prune)) may be carried out.
      - C(refuse) fails the task before anything is done if the plan has any
        (C(xyl apply --no-disrupt)); C(allow) passes C(--yes).
    type: str
    choices: [refuse, allow]
    default: refuse
  autostart:
    description:
      - "Only the guests with C(autostart: true) (C(xyl apply --autostart))."
    type: bool
    default: false
  jobs:
    description:
      - Create at most this many guests at a time (C(xyl apply -j)).
    type: int
  stop_timeout:
    description:
      - Seconds to wait for a guest to shut down cleanly before it is
        destroyed, in a disruptive action (C(xyl apply --stop-timeout)).
    type: int
  state_file:
    description:
      - Plan against this file of C(xyl state) (saved in a dom0 earlier)
        instead of the host (C(xyl plan --state), which needs no Xen), so a
        pull request can be planned for every host in CI.
      - Only in check mode; the task fails outside it, since nothing can be
        applied to a saved state.
    type: path
notes:
  - One apply runs at a time on a host (C(/run/xyl/apply.lock)); a second
    one fails instead of waiting.
  - In check mode with C(src) and C(prune), guests whose file would be
    deleted are not listed in the plan.
extends_documentation_fragment:
  - xyl.xen.xyl
seealso:
  - module: xyl.xen.xyl_guest
  - module: xyl.xen.xyl_facts
attributes:
  check_mode:
    support: full
    description: Runs C(xyl plan --json) instead of C(xyl apply).
  diff_mode:
    support: full
    description: The plan as C(xyl plan) prints it, and changed definition files.
'''

EXAMPLES = r'''
- name: Apply the guests in /etc/xyl/guests
  xyl.xen.xyl_apply:
    path: /etc/xyl/guests

- name: Copy this host's folder from the playbook's checkout and apply it
  xyl.xen.xyl_apply:
    src: "hosts/{{ inventory_hostname }}/"
    path: /etc/xyl/guests
    prune: true
    disruptive: allow
    stop_timeout: 120

- name: What would change (exit code 2 of xyl plan is "changed")
  xyl.xen.xyl_apply:
    path: /etc/xyl/guests
  check_mode: true
  diff: true
  register: plan

- name: In CI, without Xen, the plan against a state saved in the dom0
  xyl.xen.xyl_apply:
    src: "hosts/xen-a01/"
    path: /tmp/xen-a01
    state_file: states/xen-a01.json
  check_mode: true
  delegate_to: localhost

- name: Show the guests the plan would create
  ansible.builtin.debug:
    msg: "{{ plan.plan.guests | selectattr('action', 'equalto', 'create') | map(attribute='name') | list }}"
'''

RETURN = r'''
plan:
  description: The plan as C(xyl plan --json) printed it (see configs/plan-state.md of xyl).
  returned: when the folder is valid
  type: dict
  contains:
    changes:
      description: How many guests change.
      type: int
      returned: always
    disruptive:
      description: How many changes stop a running guest.
      type: int
      returned: always
    guests:
      description: One entry per guest, with C(name), C(action) (create, update, recreate, destroy, unchanged), C(file), C(disruptive), C(reasons).
      type: list
      elements: dict
      returned: always
  sample:
    folder: /etc/xyl/guests
    changes: 1
    conflicts: 0
    disruptive: 0
    guests:
      - name: web
        action: create
        file: /etc/xyl/guests/web.yaml
        disruptive: false
        reasons: []
files_changed:
  description: The definition files written into C(path) (or that would be, in check mode), and those deleted.
  returned: always
  type: list
  elements: str
  sample: [/etc/xyl/guests/web.yaml]
errors:
  description: xyl's errors, each with the definition file, line and column.
  returned: failure
  type: list
  elements: dict
  sample:
    - file: /etc/xyl/guests/web.yaml
      line: 3
      column: 9
      severity: error
      message: "'memory': unknown unit (use K, M, G or T) in '12X'"
stdout:
  description: What C(xyl apply) printed.
  returned: when the apply ran
  type: str
'''

import json
import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible_collections.xyl.xen.plugins.module_utils.xyl import (
    XYL_COMMON_ARGS, PLAN_UNCHANGED, PLAN_CHANGES, Xyl)

DEFINITION_SUFFIXES = ('.yaml', '.yml')


def read_text(path):
    try:
        with open(path, 'rb') as f:
            return to_text(f.read(), errors='surrogate_or_strict')
    except (IOError, OSError):
        return None


def file_changes(module, path, files, prune):
    """(writes, deletes, diffs): the files of `files` whose content differs in path, the
    definitions of path that `files` lacks (with prune), and their diffs."""
    writes, deletes, diffs = [], [], []
    for name in sorted(files):
        if name != os.path.basename(name) or name in ('', '.', '..') or not name.endswith(DEFINITION_SUFFIXES):
            module.fail_json(msg='files: %r is not the name of a definition file (NAME.yaml) in path' % name)
        dest = os.path.join(path, name)
        before = read_text(dest)
        after = to_text(files[name])
        if before != after:
            writes.append(dest)
            diffs.append(dict(before=before or '', after=after,
                              before_header=dest if before is not None else '/dev/null', after_header=dest))
    if prune and os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            if name.endswith(DEFINITION_SUFFIXES) and name not in files:
                dest = os.path.join(path, name)
                deletes.append(dest)
                diffs.append(dict(before=read_text(dest) or '', after='', before_header=dest, after_header='/dev/null'))
    return writes, deletes, diffs


def write_files(module, path, files, writes, deletes):
    if not os.path.isdir(path):
        os.makedirs(path, 0o755)
    for dest in writes:
        tmp = dest + '.xyl-tmp'
        with open(tmp, 'wb') as f:
            f.write(to_bytes(files[os.path.basename(dest)]))
        os.chmod(tmp, 0o644)
        module.atomic_move(tmp, dest)
    for dest in deletes:
        os.unlink(dest)


def staged_copy(module, path, files, deletes):
    """A temporary copy of path with the new files: what check mode plans."""
    stage = tempfile.mkdtemp(prefix='xyl-apply-', dir=module.tmpdir)
    if os.path.isdir(path):
        for name in os.listdir(path):
            src = os.path.join(path, name)
            if name.endswith(DEFINITION_SUFFIXES) and os.path.isfile(src) and src not in deletes:
                shutil.copy(src, os.path.join(stage, name))
    for name, content in files.items():
        with open(os.path.join(stage, name), 'wb') as f:
            f.write(to_bytes(content))
    return stage


def parse_json(text):
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def plan_args(p, folder, json_out):
    args = ['plan']
    if json_out:
        args.append('--json')
    if p['prune']:
        args.append('--prune')
    if p['autostart']:
        args.append('--autostart')
    if p['state_file']:
        args += ['--state', p['state_file']]
    return args + [folder]


def apply_args(p):
    args = ['apply']
    if p['prune']:
        args.append('--prune')
    if p['autostart']:
        args.append('--autostart')
    if p['jobs'] is not None:
        args += ['-j', str(p['jobs'])]
    if p['stop_timeout'] is not None:
        args += ['--stop-timeout', str(p['stop_timeout'])]
    args.append('--yes' if p['disruptive'] == 'allow' else '--no-disrupt')
    return args + [p['path']]


def main():
    spec = dict(
        path=dict(type='path', required=True),
        src=dict(type='path'),
        files=dict(type='dict'),
        prune=dict(type='bool', default=False),
        disruptive=dict(type='str', default='refuse', choices=['refuse', 'allow']),
        autostart=dict(type='bool', default=False),
        jobs=dict(type='int'),
        stop_timeout=dict(type='int'),
        state_file=dict(type='path'),
    )
    spec.update(XYL_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    path = p['path']
    xyl = Xyl(module)
    if p['state_file'] and not module.check_mode:
        module.fail_json(msg='state_file plans against a saved state: only in check mode (nothing can be applied to it)')

    if p['src'] is not None and p['files'] is None:
        module.fail_json(msg='src is read on the controller by the xyl.xen.xyl_apply action plugin; '
                         'it did not run (call the module as xyl.xen.xyl_apply)')
    files = p['files']
    writes, deletes, diffs = [], [], []
    if files is not None:
        writes, deletes, diffs = file_changes(module, path, files, p['prune'] and p['src'] is not None)
    elif not os.path.isdir(path):
        module.fail_json(msg='%s is not a folder on this host' % path)
    changed_files = writes + deletes
    result = dict(changed=False, files_changed=changed_files)

    folder = path
    stage = None
    if changed_files and module.check_mode:
        stage = folder = staged_copy(module, path, files, deletes)
    elif changed_files:
        write_files(module, path, files, writes, deletes)
        result['changed'] = True

    cmd = plan_args(p, folder, True)
    rc, out, err = xyl.run(cmd, ok=(PLAN_UNCHANGED, PLAN_CHANGES, 1))
    plan = parse_json(out)
    if rc == 1 or plan is None:
        # invalid definitions (FILE:LINE:COL on stderr, no plan) or a conflict (plan and reason)
        if stage:
            shutil.rmtree(stage, ignore_errors=True)
        xyl.fail([xyl.path] + cmd, rc, out, err, plan=plan, files_changed=changed_files)
    result['plan'] = plan
    if module._diff:
        dummy, text, dummy2 = xyl.run(plan_args(p, folder, False), ok=(PLAN_UNCHANGED, PLAN_CHANGES))
        diffs.append(dict(prepared=text))
        result['diff'] = diffs
    if stage:
        shutil.rmtree(stage, ignore_errors=True)
        result['changed'] = True

    if rc == PLAN_CHANGES:
        result['changed'] = True
        names = [g.get('name') for g in plan.get('guests', []) if g.get('disruptive')]
        if p['disruptive'] == 'refuse' and names and module.check_mode:
            module.warn('the plan stops running guests (%s): the run needs disruptive: allow' % ', '.join(names))
        elif p['disruptive'] == 'refuse' and names:
            module.fail_json(msg='the plan stops running guests (%s); nothing was done: set disruptive: allow '
                             'to carry it out' % ', '.join(names), **result)
        if not module.check_mode:
            cmd = apply_args(p)
            arc, out, aerr = xyl.run(cmd, ok=(0, 1))
            if arc != 0:
                xyl.fail([xyl.path] + cmd, arc, out, aerr, **result)
            result['stdout'] = out
    module.exit_json(**result)


if __name__ == '__main__':
    main()
