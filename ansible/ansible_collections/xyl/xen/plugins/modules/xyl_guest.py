#!/usr/bin/python
# -*- coding: utf-8 -*-
# xyl_guest: one guest of a Xen host in a wanted state (running, stopped,
# absent, saved), by xyl's lifecycle verbs; the current state comes from
# `xyl list --json`, so a second run changes nothing.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xyl_guest
short_description: Keep one Xen guest running, stopped, absent or saved with xyl
version_added: 0.1.0
description:
  - Brings one guest of a Xen dom0 into the wanted state with xyl's
    lifecycle commands (C(xyl create), C(unpause), C(shutdown), C(destroy),
    C(save), C(restore)), and changes nothing when it is there already.
  - Whether the guest exists, runs or is paused is read from
    C(xyl list --json).
author:
  - xyl developers (@xyl)
options:
  name:
    description:
      - The guest's name (C(name:) in its definition).
    type: str
    required: true
  state:
    description:
      - C(running) creates the guest from C(definition) when it is not there
        (or restores it from C(save_file) when that file exists), and
        unpauses it when it is paused.
      - C(stopped) asks a running guest to shut down cleanly and waits up to
        C(timeout) seconds for it to be gone; with C(force) it is then
        destroyed, otherwise the task fails. Its definition and disks stay.
      - C(absent) destroys the guest at once (C(xyl destroy)); with
        C(delete_disks) also its read-write disk images.
      - C(saved) saves a running guest's memory to C(save_file) and destroys
        it (C(xyl save)); a guest that is not running while C(save_file)
        exists is saved already.
    type: str
    choices: [running, stopped, absent, saved]
    default: running
  definition:
    description:
      - The guest's YAML definition on the managed host, used by C(running)
        to create it. Its C(name:) must be C(name).
    type: path
  save_file:
    description:
      - The save file of C(saved), and the file C(running) restores from
        when it exists and the guest is not there.
    type: path
  delete_disks:
    description:
      - With C(absent), also delete the guest's read-write disk images
        (C(xyl destroy --delete-disks)). Only when the guest is there.
    type: bool
    default: false
  timeout:
    description:
      - Seconds C(stopped) waits for a clean shutdown.
    type: int
    default: 300
  force:
    description:
      - With C(stopped), destroy the guest when it has not shut down after
        C(timeout) seconds instead of failing.
    type: bool
    default: false
notes:
  - In Xen a guest that has shut down is gone, unless its C(on_poweroff) is
    C(preserve). So C(stopped) and C(absent) differ in how it goes (a clean
    shutdown against a destroy) and in C(delete_disks).
extends_documentation_fragment:
  - xyl.xen.xyl
seealso:
  - module: xyl.xen.xyl_apply
  - module: xyl.xen.xyl_facts
attributes:
  check_mode:
    support: full
    description: Reports what would change from C(xyl list --json) alone.
  diff_mode:
    support: full
    description: The guest's state before and after.
'''

EXAMPLES = r'''
- name: The web guest runs
  xyl.xen.xyl_guest:
    name: web
    definition: /etc/xyl/guests/web.yaml

- name: Shut it down cleanly, destroying it after two minutes
  xyl.xen.xyl_guest:
    name: web
    state: stopped
    timeout: 120
    force: true

- name: Keep its memory for later
  xyl.xen.xyl_guest:
    name: web
    state: saved
    save_file: /var/lib/xyl/save/web.save

- name: Gone, with its disks
  xyl.xen.xyl_guest:
    name: scratch
    state: absent
    delete_disks: true
'''

RETURN = r'''
guest:
  description: The guest as C(xyl list --json) shows it after the task, or null when it is not there.
  returned: always
  type: dict
  sample:
    name: web
    domid: 5
    uuid: 66c9dcef-d30e-8513-80be-d6115db554ae
    mem_mib: 512
    vcpus: 2
    state: "-b----"
    time_s: 3.2
actions:
  description: The xyl commands run (or that would run, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["xyl create /etc/xyl/guests/web.yaml"]
errors:
  description: xyl's errors with file, line and column, when a definition is invalid.
  returned: failure
  type: list
  elements: dict
'''

import os
import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.xyl.xen.plugins.module_utils.xyl import XYL_COMMON_ARGS, Xyl, flags

# how often stopped looks whether the guest is gone
POLL_SECONDS = 1


def describe(dom):
    if dom is None:
        return 'absent\n'
    return 'paused\n' if 'p' in flags(dom) else ('shut down\n' if 's' in flags(dom) else 'running\n')


class Guest(object):

    def __init__(self, module):
        self.module = module
        self.xyl = Xyl(module)
        self.name = module.params['name']
        self.actions = []

    def current(self):
        return self.xyl.domains().get(self.name)

    def do(self, args):
        self.actions.append(' '.join(['xyl'] + args))
        if not self.module.check_mode:
            self.xyl.run(args)

    def running(self, dom):
        p = self.module.params
        if dom is not None and 's' in flags(dom):
            # shut down but kept (on_poweroff: preserve): it must go before it can run again
            self.do(['destroy', self.name])
            dom = None
        if dom is None:
            if p['save_file'] and os.path.exists(p['save_file']):
                self.do(['restore', p['save_file']])
            elif p['definition']:
                self.do(['create', p['definition']])
            else:
                self.module.fail_json(msg='%s is not there: running needs definition (or an existing save_file)'
                                      % self.name)
        elif 'p' in flags(dom):
            self.do(['unpause', self.name])

    def stopped(self, dom):
        p = self.module.params
        if dom is None or 's' in flags(dom):
            return
        self.do(['shutdown', self.name])
        if self.module.check_mode:
            return
        deadline = time.time() + p['timeout']
        while time.time() < deadline:
            now = self.current()
            if now is None or 's' in flags(now):
                return
            time.sleep(POLL_SECONDS)
        if not p['force']:
            self.module.fail_json(msg='%s has not shut down after %d s (force: true destroys it)'
                                  % (self.name, p['timeout']), actions=self.actions)
        self.do(['destroy', self.name])

    def absent(self, dom):
        if dom is not None:
            self.do(['destroy'] + (['--delete-disks'] if self.module.params['delete_disks'] else []) + [self.name])

    def saved(self, dom):
        save_file = self.module.params['save_file']
        if dom is None or 's' in flags(dom):
            if not os.path.exists(save_file):
                self.module.fail_json(msg='%s is not running and %s does not exist: nothing to save'
                                      % (self.name, save_file))
            return
        self.do(['save', self.name, save_file])


def main():
    spec = dict(
        name=dict(type='str', required=True),
        state=dict(type='str', default='running', choices=['running', 'stopped', 'absent', 'saved']),
        definition=dict(type='path'),
        save_file=dict(type='path'),
        delete_disks=dict(type='bool', default=False),
        timeout=dict(type='int', default=300),
        force=dict(type='bool', default=False),
    )
    spec.update(XYL_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_if=[('state', 'saved', ['save_file'])])
    g = Guest(module)
    before = g.current()
    getattr(g, module.params['state'])(before)
    after = before if module.check_mode else g.current()
    if not module.check_mode and module.params['state'] == 'running' and after is None:
        module.fail_json(msg='%s is not there after %s: is name: in the definition %s?'
                         % (g.name, g.actions[-1] if g.actions else 'nothing', g.name), actions=g.actions)
    result = dict(changed=bool(g.actions), actions=g.actions, guest=after)
    if module._diff:
        wanted = {'running': 'running\n', 'stopped': 'absent\n', 'absent': 'absent\n', 'saved': 'absent\n'}
        result['diff'] = dict(before=describe(before),
                              after=describe(after) if not module.check_mode else wanted[module.params['state']])
    module.exit_json(**result)


if __name__ == '__main__':
    main()
