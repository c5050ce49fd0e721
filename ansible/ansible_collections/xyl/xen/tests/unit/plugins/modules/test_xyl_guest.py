# -*- coding: utf-8 -*-
# xyl_guest against the fake xyl: each state reached with the right verb,
# nothing run when it is there already, check mode touching nothing.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os


def running(host, name, state='-b----'):
    host.set_world(dict(next_domid=5, domains=[dict(name=name, domid=4, state=state, managed=True,
                                                    file='/g/%s.yaml' % name, sha256='x', type='pv')]))


def test_running_creates_from_definition(host, guest):
    path = host.folder('g', {'web.yaml': guest('web')})
    d = os.path.join(path, 'web.yaml')
    r = host.run('xyl_guest', dict(name='web', definition=d))
    assert r['changed'] is True
    assert r['actions'] == ['xyl create %s' % d]
    assert r['guest']['name'] == 'web'
    assert host.names() == ['web']
    r = host.run('xyl_guest', dict(name='web', definition=d))
    assert r['changed'] is False
    assert host.verbs().count('create') == 1


def test_running_check_mode_creates_nothing(host, guest):
    d = os.path.join(host.folder('g', {'web.yaml': guest('web')}), 'web.yaml')
    r = host.run('xyl_guest', dict(name='web', definition=d), check=True, diff=True)
    assert r['changed'] is True
    assert r['diff'] == dict(before='absent\n', after='running\n')
    assert host.names() == []
    assert host.verbs() == ['list']


def test_running_needs_a_definition(host):
    r = host.run('xyl_guest', dict(name='web'))
    assert r['failed'] is True
    assert 'needs definition' in r['msg']


def test_definition_of_another_name_fails(host, guest):
    d = os.path.join(host.folder('g', {'x.yaml': guest('other')}), 'x.yaml')
    r = host.run('xyl_guest', dict(name='web', definition=d))
    assert r['failed'] is True
    assert 'is not there after xyl create' in r['msg']


def test_invalid_definition_carries_file_line_col(host, guest):
    d = os.path.join(host.folder('g', {'web.yaml': guest('web', memory='1Q')}), 'web.yaml')
    r = host.run('xyl_guest', dict(name='web', definition=d))
    assert r['failed'] is True
    assert r['errors'][0]['file'] == d and r['errors'][0]['line'] == 3


def test_paused_is_unpaused(host):
    running(host, 'web', state='--p---')
    r = host.run('xyl_guest', dict(name='web'))
    assert r['actions'] == ['xyl unpause web']
    assert host.world()['domains'][0]['state'] == '-b----'


def test_stopped_shuts_down_and_waits(host):
    running(host, 'web')
    r = host.run('xyl_guest', dict(name='web', state='stopped'))
    assert r['changed'] is True
    assert r['actions'] == ['xyl shutdown web']
    assert r['guest'] is None
    assert host.names() == []
    r = host.run('xyl_guest', dict(name='web', state='stopped'))
    assert r['changed'] is False


def test_stopped_times_out_then_force_destroys(host):
    running(host, 'web')
    w = host.world()
    w['stuck'] = ['web']
    host.set_world(w)
    r = host.run('xyl_guest', dict(name='web', state='stopped', timeout=1))
    assert r['failed'] is True
    assert 'has not shut down after 1 s' in r['msg']
    assert host.names() == ['web']
    r = host.run('xyl_guest', dict(name='web', state='stopped', timeout=1, force=True))
    assert r['actions'] == ['xyl shutdown web', 'xyl destroy web']
    assert host.names() == []


def test_absent_destroys_with_disks(host):
    running(host, 'web')
    r = host.run('xyl_guest', dict(name='web', state='absent', delete_disks=True))
    assert r['actions'] == ['xyl destroy --delete-disks web']
    assert host.world()['deleted_disks'] == ['web']
    r = host.run('xyl_guest', dict(name='web', state='absent'))
    assert r['changed'] is False


def test_saved_then_running_restores(host):
    running(host, 'web')
    save = os.path.join(host.tmp, 'web.save')
    r = host.run('xyl_guest', dict(name='web', state='saved', save_file=save))
    assert r['actions'] == ['xyl save web %s' % save]
    assert os.path.exists(save) and host.names() == []
    r = host.run('xyl_guest', dict(name='web', state='saved', save_file=save))
    assert r['changed'] is False
    r = host.run('xyl_guest', dict(name='web', save_file=save))
    assert r['actions'] == ['xyl restore %s' % save]
    assert host.names() == ['web']


def test_saved_without_guest_or_file_fails(host):
    r = host.run('xyl_guest', dict(name='web', state='saved', save_file=os.path.join(host.tmp, 'none')))
    assert r['failed'] is True
    assert 'nothing to save' in r['msg']


def test_saved_needs_save_file(host):
    r = host.run('xyl_guest', dict(name='web', state='saved'))
    assert r['failed'] is True
    assert 'save_file' in r['msg']
    assert host.calls() == []
