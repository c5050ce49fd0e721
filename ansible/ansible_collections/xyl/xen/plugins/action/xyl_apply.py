# -*- coding: utf-8 -*-
# The controller's half of xyl_apply: reads the definition files of src (a
# folder beside the playbook or in a Git checkout) and hands their contents
# to the module, which writes the changed ones into path on the managed host.
# Definitions are small text files; passing them as an argument keeps check
# mode free of any write on the host.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

DEFINITION_SUFFIXES = ('.yaml', '.yml')
# a guest definition is a few hundred bytes; a megabyte is not one
MAX_DEFINITION_BYTES = 1024 * 1024


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        src = args.get('src')
        if src is not None:
            if args.get('files') is not None:
                raise AnsibleActionFail('src and files exclude each other')
            args['files'] = self._read_folder(src)
        result.update(self._execute_module(module_name='xyl.xen.xyl_apply', module_args=args,
                                           task_vars=task_vars))
        return result

    def _read_folder(self, src):
        try:
            folder = self._find_needle('files', src)
        except Exception as e:
            raise AnsibleActionFail('src %s: %s' % (src, to_text(e)))
        if not os.path.isdir(folder):
            raise AnsibleActionFail('src %s is not a folder' % folder)
        files = {}
        for name in sorted(os.listdir(folder)):
            full = os.path.join(folder, name)
            if not name.endswith(DEFINITION_SUFFIXES) or not os.path.isfile(full):
                continue
            if os.path.getsize(full) > MAX_DEFINITION_BYTES:
                raise AnsibleActionFail('%s is larger than %d bytes: not a guest definition'
                                        % (full, MAX_DEFINITION_BYTES))
            with open(full, 'rb') as f:
                try:
                    files[name] = to_text(f.read(), errors='strict')
                except UnicodeError:
                    raise AnsibleActionFail('%s is not UTF-8 text' % full)
        if not files:
            raise AnsibleActionFail('src %s holds no .yaml or .yml file' % folder)
        return files
