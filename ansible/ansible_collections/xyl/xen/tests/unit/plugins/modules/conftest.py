# -*- coding: utf-8 -*-
# The harness of the modules' tests: each test gets a fresh fake host (the
# fake xyl's world file and argument log, tests/unit/.../fake_xyl.py) and runs
# a module the way Ansible does on a managed host: a separate python with its
# arguments in a file, its one JSON line read back.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
# .../ansible_collections/xyl/xen/tests/unit/plugins/modules -> the folder holding ansible_collections
COLLECTIONS_ROOT = os.path.abspath(os.path.join(HERE, *(['..'] * 7)))


class Host(object):

    def __init__(self, tmp):
        self.tmp = str(tmp)
        self.world_path = os.path.join(self.tmp, 'world.json')
        self.log_path = os.path.join(self.tmp, 'xyl.log')
        self.set_world(dict(domains=[], next_domid=1))
        open(self.log_path, 'w').close()

    def set_world(self, world):
        with open(self.world_path, 'w') as f:
            json.dump(world, f)

    def world(self):
        with open(self.world_path) as f:
            return json.load(f)

    def names(self):
        return sorted(d['name'] for d in self.world()['domains'])

    def calls(self):
        with open(self.log_path) as f:
            return [json.loads(x) for x in f if x.strip()]

    def verbs(self):
        return [c[0] for c in self.calls()]

    def folder(self, name, files):
        path = os.path.join(self.tmp, name)
        if not os.path.isdir(path):
            os.makedirs(path)
        for f, content in files.items():
            with open(os.path.join(path, f), 'w') as out:
                out.write(content)
        return path

    def run(self, module, args, check=False, diff=False):
        args = dict(args)
        args.setdefault('executable', os.path.join(HERE, 'fake_xyl'))
        args.update(_ansible_check_mode=check, _ansible_diff=diff, _ansible_remote_tmp=self.tmp,
                    _ansible_tmpdir=self.tmp, _ansible_keep_remote_files=False)
        argfile = os.path.join(self.tmp, 'args.json')
        with open(argfile, 'w') as f:
            json.dump(dict(ANSIBLE_MODULE_ARGS=args), f)
        env = dict(os.environ, FAKE_XYL_WORLD=self.world_path, FAKE_XYL_LOG=self.log_path,
                   PYTHONPATH=COLLECTIONS_ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
        p = subprocess.run([sys.executable, '-m', 'ansible_collections.xyl.xen.plugins.modules.' + module, argfile],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.tmp, check=False)
        out = p.stdout.decode()
        try:
            result = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise AssertionError('%s printed no result: %s %s' % (module, out, p.stderr.decode()))
        result['_exit'] = p.returncode
        return result


@pytest.fixture
def host(tmp_path):
    return Host(tmp_path)


GUEST = 'name: %s\ntype: pv\nmemory: %s\nkernel: /boot/vmlinuz\n'


@pytest.fixture
def guest():
    return lambda name, memory='128M': GUEST % (name, memory)
