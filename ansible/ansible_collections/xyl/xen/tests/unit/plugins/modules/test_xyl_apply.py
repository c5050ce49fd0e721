# -*- coding: utf-8 -*-
# xyl_apply against the fake xyl: check mode plans and changes nothing, a
# run applies and a second run reports no change, FILE:LINE:COL errors come
# back structured, disruptive plans are refused unless allowed, files given
# as contents land in path only outside check mode.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os


def test_check_mode_plans_only(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web'), 'db.yaml': guest('db')})
    r = host.run('xyl_apply', dict(path=path), check=True)
    assert r['changed'] is True
    assert r['_exit'] == 0
    assert sorted(g['name'] for g in r['plan']['guests'] if g['action'] == 'create') == ['db', 'web']
    assert host.verbs() == ['plan']
    assert host.calls()[0] == ['plan', '--json', path]
    assert host.names() == []


def test_apply_then_nothing_to_do(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web')})
    r = host.run('xyl_apply', dict(path=path, jobs=2, stop_timeout=30))
    assert r['changed'] is True, r
    assert host.names() == ['web']
    assert host.calls()[-1] == ['apply', '-j', '2', '--stop-timeout', '30', '--no-disrupt', path]
    r = host.run('xyl_apply', dict(path=path))
    assert r['changed'] is False
    assert host.verbs() == ['plan', 'apply', 'plan']
    assert [g['action'] for g in r['plan']['guests']] == ['unchanged']


def test_check_mode_unchanged_is_not_changed(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web')})
    host.run('xyl_apply', dict(path=path))
    r = host.run('xyl_apply', dict(path=path), check=True)
    assert r['changed'] is False


def test_invalid_definition_fails_with_file_line_col(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web', memory='12X')})
    r = host.run('xyl_apply', dict(path=path))
    assert r['failed'] is True
    assert r['_exit'] == 1
    bad = os.path.join(path, 'web.yaml')
    assert r['errors'] == [dict(file=bad, line=3, column=9, severity='error',
                                message="'memory': unknown unit in '12X'")]
    assert '%s:3:9:' % bad in r['msg']
    assert host.verbs() == ['plan']
    assert host.names() == []


def test_diff_shows_the_plan(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web')})
    r = host.run('xyl_apply', dict(path=path), check=True, diff=True)
    assert r['diff'][-1]['prepared'] == '+ create web\nPlan: 1 changes.\n'
    assert host.calls()[1] == ['plan', path]


def test_disruptive_refused_then_allowed(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web'), 'old.yaml': guest('old')})
    host.run('xyl_apply', dict(path=path))
    os.unlink(os.path.join(path, 'old.yaml'))
    r = host.run('xyl_apply', dict(path=path, prune=True))
    assert r['failed'] is True
    assert 'old' in r['msg'] and 'disruptive: allow' in r['msg']
    assert host.names() == ['old', 'web']
    assert host.verbs()[-1] == 'plan'
    r = host.run('xyl_apply', dict(path=path, prune=True, disruptive='allow'))
    assert r['changed'] is True
    assert host.calls()[-1] == ['apply', '--prune', '--yes', path]
    assert host.names() == ['web']


def test_conflict_fails_with_the_plan(host, guest):
    host.set_world(dict(domains=[dict(name='web', domid=3, state='-b----', managed=False, file=None,
                                      sha256=None, type='pv')]))
    path = host.folder('guests', {'web.yaml': guest('web')})
    r = host.run('xyl_apply', dict(path=path))
    assert r['failed'] is True
    assert r['plan']['conflicts'] == 1
    assert 'xyl did not create' in r['msg']
    assert 'apply' not in host.verbs()


def test_files_written_only_outside_check_mode(host, guest):
    path = os.path.join(host.tmp, 'etc-guests')
    files = {'web.yaml': guest('web')}
    r = host.run('xyl_apply', dict(path=path, files=files, src='/controller/guests'), check=True, diff=True)
    assert r['changed'] is True
    assert r['files_changed'] == [os.path.join(path, 'web.yaml')]
    assert not os.path.exists(path)
    assert r['diff'][0]['after'] == guest('web') and r['diff'][0]['before_header'] == '/dev/null'
    assert [g['action'] for g in r['plan']['guests']] == ['create']
    r = host.run('xyl_apply', dict(path=path, files=files, src='/controller/guests'))
    assert r['changed'] is True
    with open(os.path.join(path, 'web.yaml')) as f:
        assert f.read() == guest('web')
    assert host.names() == ['web']
    r = host.run('xyl_apply', dict(path=path, files=files, src='/controller/guests'))
    assert r['changed'] is False
    assert r['files_changed'] == []


def test_src_prune_deletes_files_src_lacks(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web'), 'old.yaml': guest('old'), 'notes.txt': 'keep'})
    host.run('xyl_apply', dict(path=path))
    r = host.run('xyl_apply', dict(path=path, files={'web.yaml': guest('web')}, src='/c', prune=True,
                                   disruptive='allow'))
    assert r['files_changed'] == [os.path.join(path, 'old.yaml')]
    assert sorted(os.listdir(path)) == ['notes.txt', 'web.yaml']
    assert host.names() == ['web']


def test_file_names_outside_path_refused(host, guest):
    path = host.folder('guests', {})
    r = host.run('xyl_apply', dict(path=path, files={'../evil.yaml': guest('x')}))
    assert r['failed'] is True
    assert 'not the name of a definition file' in r['msg']
    assert not os.path.exists(os.path.join(host.tmp, 'evil.yaml'))
    assert host.calls() == []


def test_missing_folder_fails_before_xyl(host):
    r = host.run('xyl_apply', dict(path=os.path.join(host.tmp, 'nope')))
    assert r['failed'] is True
    assert 'is not a folder' in r['msg']
    assert host.calls() == []


def test_state_file_plans_only_in_check_mode(host, guest):
    path = host.folder('guests', {'web.yaml': guest('web')})
    state = os.path.join(host.tmp, 'state.json')
    r = host.run('xyl_apply', dict(path=path, state_file=state), check=True)
    assert r['changed'] is True
    assert host.calls() == [['plan', '--json', '--state', state, path]]
    r = host.run('xyl_apply', dict(path=path, state_file=state))
    assert r['failed'] is True
    assert 'only in check mode' in r['msg']
    assert len(host.calls()) == 1
    assert host.names() == []
