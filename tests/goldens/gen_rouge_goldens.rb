#!/usr/bin/env ruby
# frozen_string_literal: true
# Records what Rouge 3.30 (Jekyll 4.3.1's highlighter) makes of our code samples, into
# rouge.json, which tests/highlight.rs compares hyde's highlighter against byte for byte.
#
# For every sample tests/fixtures/highlight/<lang>/<file> it records
#   - "html":  Rouge::Formatters::HTML over the file as it is (kramdown hands Rouge the code
#              block with its trailing newline);
#   - "table": the HTMLTable form Jekyll's `{% highlight <lang> linenos %}` uses, over the file
#              with leading/trailing line terminators removed as that tag removes them.
# The language is the folder's name unless LANG_OVERRIDES names another (lexer options).
# It also records Rouge's lexer registry (every name Lexer.find knows -> canonical tag) and
# what find_fancy makes of a few tricky names.
#
# Run from the repository root: ruby tests/goldens/gen_rouge_goldens.rb
require 'json'
require 'rouge'

ROOT = File.expand_path('../fixtures/highlight', __dir__)
OUT = File.expand_path('rouge.json', __dir__)

# Samples lexed with a language string other than their folder's name.
LANG_OVERRIDES = {
  'console/python.console' => 'console?lang=python&prompt=>>>,$',
  'console/comments.console' => 'console?comments=true',
  'console/errors.console' => 'console?error=error:,fatal:',
}.freeze

# Names whose find_fancy result is pinned beyond the plain registry.
LOOKUPS = %w[
  Python PY c++ C++ Shell console?lang=python plaintext?token=Comment nosuchlang
  shell_session rust,no_run R s yml jsx
].freeze

# Code that `guess` (```` ```guess ````, `{% highlight guess %}`) guesses a language for:
# Rouge's candidates for each, in order (none: plain text; several: ambiguous).
GUESS_SAMPLES = [
  '', 'just words', "#!/bin/bash\necho hi", "#!/usr/bin/env python3.8\nprint(1)", "#!/usr/bin/pythonw\n",
  "#!/usr/bin/env pythonx\n", "  \n#!/usr/bin/env ruby -w\n", '#!/usr/bin/env node', '#!/usr/bin/zsh', '#!/bin/fish',
  "#!/usr/bin/env perl\nuse strict;", '#!/usr/bin/env Rscript', '#!/usr/bin/env julia', '#!/usr/bin/lua5.3',
  "<!DOCTYPE html>\n<html></html>", "<?xml version=\"1.0\"?>\n<!DOCTYPE note SYSTEM \"n.dtd\">",
  "<?xml version=\"1.0\"?>\n<root/>", '<!DOCTYPE svg>', "<div>\n<html lang=en>", "<?php echo 1; ?>",
  "<?hh\nx", "x <?= 1 ?>", "Index: a.c\n===", "diff --git a/x b/x\n", "--- a\n+++ b\n@@", "%YAML 1.2\n---",
  "\\documentclass{article}", "package main\n\nfunc main() {}", "#!/bin/bash\npackage foo",
  "# vim: ft=python\nx = 1", "# vim: set ft=ruby:\n", "/* -*- mode: c++ -*- */", "-*- ruby -*-\n",
  "# -*- coding: utf-8; mode: python -*-", "#lang racket\n(define x 1)", "pragma solidity ^0.8.0;",
  "async function f() {}", '%!PS-Adobe', "model Foo\nend-model",
].freeze

# Jekyll's highlight tag strips line terminators around the code.
JEKYLL_STRIP = /\A(\n|\r)+|(\n|\r)+\z/.freeze

def table(lexer, code)
  Rouge::Formatters::HTMLTable.new(
    Rouge::Formatters::HTML.new,
    css_class: 'highlight', gutter_class: 'gutter', code_class: 'code'
  ).format(lexer.lex(code))
end

cases = []
Dir.glob('*/*', base: ROOT).sort.each do |rel|
  path = File.join(ROOT, rel)
  next unless File.file?(path)

  code = File.read(path, mode: 'r:utf-8')
  lang = LANG_OVERRIDES.fetch(rel, File.dirname(rel))
  lexer = Rouge::Lexer.find_fancy(lang, code) || Rouge::Lexers::PlainText.new
  cases << { 'file' => rel, 'lang' => lang, 'format' => 'html',
             'output' => Rouge::Formatters::HTML.new.format(lexer.lex(code)) }
  cases << { 'file' => rel, 'lang' => lang, 'format' => 'table',
             'output' => table(lexer, code.gsub(JEKYLL_STRIP, '')) }
end

registry = Rouge::Lexer.send(:registry).map { |name, klass| [name, klass.tag] }.sort.to_h
lookups = LOOKUPS.to_h { |name| [name, Rouge::Lexer.find_fancy(name)&.tag] }
guesses = GUESS_SAMPLES.to_h { |code| [code, Rouge::Lexer.guesses(source: code).map(&:tag)] }

File.write(OUT, JSON.pretty_generate(
  'rouge_version' => Rouge.version,
  'registry' => registry,
  'lookups' => lookups,
  'guesses' => guesses,
  'cases' => cases,
) + "\n")
puts "#{cases.size} cases -> #{OUT}"
