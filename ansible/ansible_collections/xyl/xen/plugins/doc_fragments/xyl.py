# -*- coding: utf-8 -*-
# The documentation every xyl.xen module shares: the executable option
# (module_utils/xyl.py's XYL_COMMON_ARGS) and where the modules run.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  executable:
    description:
      - The xyl command on the managed host. By default xyl is looked up in
        PATH, C(/usr/sbin) and C(/usr/local/sbin).
    type: path
notes:
  - Needs a Xen dom0 with xyl installed (its Debian package or
    C(make install)); runs as root.
'''
