# -*- coding: utf-8 -*-
# xyl_facts against the fake xyl: the guests of list --json joined with
# state's record, Domain-0 left out, the host's info, nothing changed.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


def test_facts_join_list_and_state(host):
    host.set_world(dict(domains=[
        dict(name='web', domid=7, state='-b----', managed=True, file='/g/web.yaml', sha256='x', type='pvh'),
        dict(name='adopted', domid=3, state='r-----', managed=False, file=None, sha256=None, type='hvm')]))
    r = host.run('xyl_facts', {})
    assert r['changed'] is False
    guests = r['ansible_facts']['xyl_guests']
    assert [g['name'] for g in guests] == ['adopted', 'web']
    assert guests[1]['domid'] == 7 and guests[1]['managed'] is True and guests[1]['file'] == '/g/web.yaml'
    assert guests[1]['type'] == 'pvh' and guests[1]['state'] == '-b----'
    assert guests[0]['managed'] is False and guests[0]['file'] is None
    assert r['ansible_facts']['xyl_host']['xen_version'] == '4.17.0'
    assert host.verbs() == ['list', 'state', 'info']


def test_facts_without_host(host):
    r = host.run('xyl_facts', dict(host=False))
    assert r['ansible_facts']['xyl_guests'] == []
    assert 'xyl_host' not in r['ansible_facts']
    assert host.verbs() == ['list', 'state']
