#!/usr/bin/python
# -*- coding: utf-8 -*-
# xyl_facts: a Xen host's guests as facts (the inventory of guests a fleet
# places and plans from): xyl list --json joined with xyl state's record of
# which guests xyl created and from which file; the host from xyl info --json.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xyl_facts
short_description: Gather the guests of a Xen host as facts, with xyl
version_added: 0.1.0
description:
  - Sets C(xyl_guests), one entry per guest of the dom0 (Domain-0 left out),
    from C(xyl list --json) and C(xyl state), and C(xyl_host) from
    C(xyl info --json).
  - Changes nothing.
author:
  - xyl developers (@xyl)
options:
  host:
    description:
      - Also gather C(xyl_host), the hypervisor's facts (C(xyl info --json)).
    type: bool
    default: true
extends_documentation_fragment:
  - xyl.xen.xyl
seealso:
  - module: xyl.xen.xyl_apply
  - module: xyl.xen.xyl_guest
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Changes nothing.
  facts:
    support: full
    description: Sets xyl_guests and xyl_host.
'''

EXAMPLES = r'''
- name: Gather each host's guests
  xyl.xen.xyl_facts:

- name: Say which hosts run a guest called web
  ansible.builtin.debug:
    msg: "{{ inventory_hostname }} runs web"
  when: xyl_guests | selectattr('name', 'equalto', 'web') | list | length > 0
'''

RETURN = r'''
ansible_facts:
  description: The facts.
  returned: always
  type: complex
  contains:
    xyl_guests:
      description:
        - The guests, sorted by name, as C(xyl list --json) shows them
          (C(name), C(domid), C(uuid), C(mem_mib), C(vcpus), C(state) in xl's
          letters, C(time_s) of CPU), with C(managed) (xyl created it),
          C(file) (its definition, when managed) and C(type) (pv, pvh or hvm)
          from C(xyl state).
      returned: always
      type: list
      elements: dict
      sample:
        - name: web
          domid: 5
          uuid: 66c9dcef-d30e-8513-80be-d6115db554ae
          mem_mib: 512
          vcpus: 2
          state: "-b----"
          time_s: 3.2
          managed: true
          file: /etc/xyl/guests/web.yaml
          type: pvh
    xyl_host:
      description: The hypervisor's facts in xl info's key names (C(xyl info --json)).
      returned: when C(host) is true
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.xyl.xen.plugins.module_utils.xyl import XYL_COMMON_ARGS, Xyl

# what xyl state adds to a list entry
STATE_FIELDS = ('managed', 'file', 'type')


def main():
    spec = dict(host=dict(type='bool', default=True))
    spec.update(XYL_COMMON_ARGS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    xyl = Xyl(module)

    guests = xyl.domains()
    dummy, state, dummy2 = xyl.json(['state'])
    if not isinstance(state, dict) or not isinstance(state.get('domains'), list):
        module.fail_json(msg='xyl state printed no domains list')
    for d in state['domains']:
        g = guests.get(d.get('name')) if isinstance(d, dict) else None
        if g is not None:
            for k in STATE_FIELDS:
                g[k] = d.get(k)
    facts = dict(xyl_guests=[guests[n] for n in sorted(guests, key=str)])
    if module.params['host']:
        dummy, facts['xyl_host'], dummy2 = xyl.json(['info', '--json'])
    module.exit_json(changed=False, ansible_facts=facts)


if __name__ == '__main__':
    main()
