---
layout: simple
---

whatever()
