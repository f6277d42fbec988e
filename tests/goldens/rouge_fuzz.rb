#!/usr/bin/env ruby
# frozen_string_literal: true
# Differential fuzzing against Rouge: writes random snippets, built from pieces each lexer
# cares about, with Rouge 3.30's HTML for them, to a JSON file that the ignored test
# `rouge_fuzz` in tests/highlight.rs compares hyde with:
#
#   ruby tests/goldens/rouge_fuzz.rb /tmp/fuzz.json [count] [seed] [lang,lang,...]
#   ROUGE_FUZZ=/tmp/fuzz.json cargo test --test highlight rouge_fuzz -- --ignored
#
# Not run in CI (it needs Ruby and Rouge); a tool for finding where a lexer departs.
require 'json'
require 'rouge'

COMMON = ["'", '"', '`', '(', ')', '[', ']', '{', '}', '\\', "\\\n", "\n", "\n", ' ', ' ',
          "\t", '#', '=', ';', ',', '.', ':', '!', '?', '@', '*', '-', '+', '/', '%', '<', '>',
          '&', '|', '^', '~', 'é', "\u00a0", "\r\n", 'abc', 'x_1', 'Foo', '42', '0', '3.14'].freeze

PIECES = {
  'shell' => ['$', '$(', '$((', '))', '${', '${#', ':-', '<<', '<<-', '<<EOF', "EOF\n", '<<<',
              '--flag', '-x', 'if ', 'then', 'fi', 'do', 'done', 'for ', 'in ', 'case ', 'esac',
              ';;', 'echo ', 'cat ', 'ls.', 'cd -', 'sudo ', 'export X=1', '$1', '$#', '$@',
              '$?', '2>&1', '&&', '||', "$'", 'local ', 'function ', '.', '. '],
  'python' => ['def ', 'class ', 'import ', 'from ', ' import ', 'f"', "f'", 'rb"', "r'", 'u"',
               "'''", '"""', '{', '}', '{{', '!r', ':>3', '\\n', '\\x4', '\\N{BULLET}', '\\u00e9',
               '0x1F', '0b1', '0o7', '1_0', '1.5e3', '.5', '5.', '3j', '10L', '007', 'not ', 'in',
               'is', 'and', 'or', 'self', 'None', 'print', 'lambda', '@property', '->', '**=',
               '//', '!=', 'async ', 'ValueError', 'len'],
  'json' => ['{', '}', '[', ']', '"k":', '"v"', ' : ', ',', 'true', 'false', 'null', '-1',
             '0.5e-3', '01', '1E+2', '\\"', '\\u00e9', '"a\\', '-'],
  'r' => ["#'", '<-', '<<-', '->', '%in%', '%%', '`x y`', 'function', 'if', 'NULL', 'NA_real_',
          'pi', 'T', 'c(', 'sum(', 'is.na(', 'as.character', '.x', '..', '1L', '2i', '0x1Fp3',
          '.5', '-1', '+2e-3', '$', '@', '::', '\\'],
  'tex' => ['\\', '\\section', '\\begin{eq}', '\\end{x}', '$', '$$', '\\[', '\\]', '\\(',
            '\\)', '%', '\\verb|x|', '\\verb+', '[opt]', '*', '_', '^', '&', '\\ ', '\\%',
            'x^2', '\\frac{a}{b}', '12'],
  'c' => ['#include <a.h>', '#include "b.h"', '#define X', '#if 0\n', '#endif\n', '#else', '# if',
          'int ', 'static ', 'void ', 'main', 'f(', 'x)', ') {', ');', '/*', '*/', '//', 'case ',
          'default:', 'label:', '::', 'u8"', 'L\'', "'\\n'", "'\\x4", '0x1Fu', '017', '1e5', '.5',
          '3.14', '1\'000', '10ms', '2if', 'R"(', ')"', 'R"d(', ')d"', 'class ', 'struct ',
          'template', '<typename ', '...', 'nullptr', 'NULL', 'true', '<=>', '__offload', 'size_t',
          'public:', 'return '],
  'javascript' => ['/', '/x/g', '[^a]', '(?:', '{2,3}', '\\/', '`', '${', '}', '\\`', '"', "'",
                   '//', '/*', '*/', '<!--', '#!', '++', '??=', '?.', '?', ':', 'case ', 'x:',
                   'a: ', '@dec', 'function ', 'const ', 'return ', 'this', 'null', 'Math',
                   '0x1F', '0o7_', '0b1', '1.5e3f', '===', '>>>=', '=>', ';', '\\\n', '$el'],
  'console' => ['$ ', '# ', '> ', '>>> ', 'user@host:~$ ', '...', '<...>', 'error: ', 'echo ',
                'ls -l', 'output line', '(venv) $ '],
  'yaml' => ['---', '...', '- ', '? ', ': ', 'key: ', '  ', '    ', '|', '>', '|-', '>+', '|2', '-2', '+',
             '[', ']', '{', '}', '&anc', '*anc', '!tag', '!!str', '!<x>', '%YAML 1.2', '%TAG ! x',
             '"', "'", "''", '\\x41', '\\u00e9', '\\t', 'true', 'null', '12', '1.5', ' #c', '\r\n'],
  'css' => ['{', '}', ':', '::before', '.cls', '#id', '@media', '@font-face', '@import', 'color', 'margin',
            '-webkit-x', 'red', 'auto', 'url(', 'url(x)', '#fff', '1.5em', '-2px', '.5', '10ms', '5s',
            '100%', '/*', '*/', '!important', '! important', '"', "'", '\\"', ';', ',', 'a', 'p > a',
            '@', '\n@x'],
  'html' => ['<', '>', '</', '/>', '<p>', '</p>', '<a href="x">', '<div class=a>', '<br/>', '&amp;', '&',
             ';', '<!--', '-->', '-', '<!DOCTYPE html>', '<!doctype ', '<![CDATA[', ']]>', '<?', '?>',
             '<script>', '</script>', '<style>', '</style>', '< script', '</ style >', '=', '"', "'",
             'x=1', '[a]', '(b)', '*c', '#d', 'var x = "<";', 'p { color: red }', 'é'],
  'scss' => ['$x', '$var: ', '@mixin m', '@include ', '@include x', '@extend ', '@if ', '@else', '@each ',
             '@for ', 'from', 'to', 'through', '@import', '@media ', '@function f', '@return', '#{', '}',
             '{', ';', '&', '&:hover', '%ph', '.c', '#id', ':', 'url(', 'url(x)', 'true', 'and', 'not',
             '#fff', '1.5', '-2px', '.5em', '10%', '/*', '*/', '//', 'color', 'red', 'auto', 'f(', '"',
             "'", '\\"', 'a: b', 'x;'],
  'ruby' => ['def ', 'def self.', 'class ', 'class << self', 'module A::B', 'end', 'if ', 'unless', 'do',
             '|x|', '@x', '@@y', '$z', '$-w', '$!', ':sym', ':"s', ":'", ':+', ':[]=', 'key: ', 'x?: ',
             '?a', '?\\n', '?\\C-a', ' ? ', ' : ', '/', '/re/i', '%w[', '%r{', '%(', '%Q|', '%q<', '% x ',
             '#{', '}', '#@x', '\\x41', '\\101', '<<EOS', '<<-EOS', '<<~EOS', "<<'X'", '<<""', "EOS\n",
             '  EOS\n', '=begin', "\n=end", '__END__', 'puts ', 'self', 'nil?', 'gsub!', 'defined?', 'Foo',
             '.bar', '.+', '::', '..', '...', '0x1F', '07', '0b1', '1_000', '1.5e3', '=~', '<=>', '&.', '->'],
  'rust' => ['fn ', 'let ', 'mut ', 'impl', 'Self', 'self', 'true', 'Some', 'Vec', 'x!', 'println!(', 'macro_rules!',
             '$x:expr', '$', "'a", "'static", "'x'", "'\\n'", "'\\u{1F}'", "b'a'", 'b"', 'r"', 'r#"', '"#', 'br##"',
             '/*', '*/', '/**', '/*!', '//', '///', '//!', '////', '#[', '#![', '# ', '::', '.', '.0', '.await',
             '.len(', '0x1F', '1u8', '2i64', '1.5', '1e3', '2f32', '1.', '..', '..=', '=>', '->', '<->', '\\x41'],
  'matlab' => ["'", "''", '"', '""', "x'", '%', '%{', '%}', '{%', '%}', '...', '!', '!ls ', 'function ', 'end',
               'disp', 'sum', 'x', '1.5', '.5', '1e3', '3L', '2.', '~=', '==', '.^', ".'", '@', '\\'],
  'markdown' => ['---\n', '---', '===', '#', '## ', '```', '```ruby\n', '~~~', '```\n', '    ', "\n\n", '`', '``',
                 '*', '**', '_', '__', '[', ']', '](', '][', '![', '(', ')', '<', '>', '<b>', '</b>', '&amp;', '&',
                 ';', '@', '<a@b.c>', '<http://x>', '> ', '- ', '+ ', '1. ', '[x]: ', '"t"', "'t'", '\\*',
                 '\\', 'text', 'key: v\n', 'x.y'],
  'apache' => ['<', '</', '>', '<Directory ', '<VirtualHost *:80>', '</IfModule>', 'RewriteEngine', 'On', 'Off',
               'rewriterule', 'All', 'Foo', '#', '\r\n', '\r', '%{X}', '"', '[L]'],
  'erb' => ['<%', '<%=', '<%#', '<%-', '<%%', '%>', '-%>', '%%>', '%', '<p>', '</p>', 'if x', 'end', '"s"', '#{',
            '<script>', '-'],
  'diff' => ["\n", '+', '-', '---', "---\n", '+++', '@@', '@@ -1 +1 @@', ' ', '!', '<', '>', 'Index: ', 'diff ', '=',
             'index', "\t", 'x'],
  'sql' => ['SELECT ', 'select', 'FROM', 'where', 'int', 'VARCHAR', 'null', '--', '/*', '*/', "'", "''", '"', '""',
            '`', '``', '\\\'', '\\', '12', 'x1', ';', '(', ')', '<>', '>=', '.', 'é', 'END-EXEC'],
  'java' => ['public ', 'static ', 'void ', 'int ', 'class ', 'interface ', 'import ', 'package ', 'a.b.*', 'new ',
             'return ', 'throw ', 'String[] ', 'List<T> ', 'main(', 'f (', '@Override', '@', 'MAX_X', 'Foo', 'label:',
             'case X:', '$x', '.x', '"', '\\"', '\\\\', "'", "'\\n'", "'\\u00e9'", "'\\u00E9'", "'''", '//', '/*',
             '*/', '1_000', '1__0_', '3.14f', '1.0e5d', '0x1F_F', '0b1', '017', '08', '42L', 'true', 'null', 'É'],
  'go' => ['func ', 'package ', 'import ', 'var ', 'type ', 'struct', 'int', 'int8', 'string', 'len', 'nil', 'iota',
           'go', 'chan', '<-', ':=', '&^=', '...', '/=', '%=', '<<=', '"', '`', "'", "'\\n'", "'\\x41'", "'\\123'",
           "'\\u00e9'", '\\q', '\\x4', '//', '/*', '*/', '0x1F', '0755', '1.5', '1.', '.5', '1e3', '2i', '1.5e-3i',
           'e', 'i', 'x', '日', '٣'],
  'toml' => ['[a]', '[[b.c]]', '[', ']', '= ', '=', ' = ', 'key = ', 'a.b = ', '"k" = ', "'k'=", '{', '}', 'x = {',
             '"', '"""', "'", "'''", '\\n', '\\q', '\\"', 'true', 'false', 'nan', '-inf', '1_000', '+1.5e-3', '2E5',
             '0xBE_EF', '0o7', '0b1', '1979-05-27T07:32:00Z', '#', ',', 'x'],
  'ini' => ['[s]', '[a.b c]', '[', ']', 'key', 'a-b.c', ' = ', '=', ';', '# c', '"', "'", "'x'", '\\', '\\n', '\\"',
            "\\\n", 'value', '  '],
  'make' => ['all: ', 'a.o: a.c', ':', '::', ',', '\t', "\n\t", "\n\t@", "\n\t-", 'CC = ', 'X := ', 'Y ?= ', 'Z += ', '!=',
             '$(CC)', '${X}', '$@', '$<', '$(wildcard ', '$(filter-out ', '$(shell ', '$(words ', ')', '}', '(', 'ifeq ',
             'ifdef X', 'else', 'endif', 'export ', 'export X', 'include ', '-include a.mk', 'echo ', '"', "'", '\\',
             "\\\n", '#', 'if [ ', 'fi', '%.o', 'x'],
  'docker' => ["\nFROM ", 'FROM x AS y', ' AS ', ' as ', "\nRUN ", "\nrun ", "\nONBUILD ", "\nONBUILD RUN ", "\nCMD ", "\nENV ",
               "\nENVX", "\nCOPY ", "\nUSER", 'echo ', '$HOME', '${X}', '&&', '\\', "\\\n", '"', "'", '#', '# c', '[', ']',
               'apt-get ', 'x'],
  'liquid' => ['{%', '{%-', '%}', '-%}', '{{', '{{-', '}}', '-}}', '{% if ', '{% elsif ', '{% else %}', '{% endif %}', '{% unless ',
               '{% case x %}', '{% when ', '{% for x in ', 'site.posts', ' limit:2', ' reversed', '{% endfor %}', '{% assign x = ',
               '{% capture c %}', '{% endcapture %}', '{% comment %}', '{% endcomment %}', '{% raw %}', '{% endraw %}',
               '{% include a.html ', '{% render "c" ', ' with ', '{% cycle ', "'a'", '"b"', ' | ', '| upcase', '| date: ',
               'forloop.index', 'forloop.', 'first', 'size', 'empty', 'nil', 'true', '==', '!=', '<=', ' and ', ' contains ',
               '-', '1.5', '2', 'x.y', 'a[0]', 'x?', 'k=v', 'k: v', '{% highlight ', '{% endhighlight %}', 'text'],
  'typescript' => ['interface ', 'type ', 'T = ', 'x?: ', 'x: ', 'readonly ', 'private ', 'public ', 'namespace ', 'declare ',
                   'module ', 'keyof ', 'string', 'number', 'any', 'Partial<T>', 'Record', 'implements ', 'abstract ', 'is ',
                   '?.', '??', '??=', '?', ':', '{', '}', ';', '/', '/x/g', '`', '${', 'case ', 'function ', 'const ',
                   'return ', '=>', '<T>', '@dec', '"', "'", '//', '/*', '*/', '0x1F', '1.5'],
  'julia' => ['function ', 'function f(', 'macro m', 'struct S', 'mutable struct ', 'abstract type ', 'primitive type ', 'end',
              'mutablestruct', 'for outer', 'forouter', 'Int64', 'Float64', 'Vector{T}', 'local', 'const', 'π', 'ℯ', 'pi',
              'nothing', 'true', '@show', '@a.b', "'a'", "'\\n'", "'\\u00e9'", "'\\x4'", "'\\101'", "x'", '"', 'I"', 'E"',
              '$x', '$(x)', '%5.2f', '\\N{x}', '\\u00e9', '\\q', '#=', '=#', '#', '+=', '==', '->', '::', '<:', '.*', '≤',
              '÷=', '1_000', '1.5', '.5', '1.', '1e5', '2f0', '1_0.5', '0x1F', '0b1_0', '0o7', 'x!', 'Base.:+', '(+)'],
  'lua' => ['#!', '--', '--[[', '--[==[', ']]', ']==]', '[[', '[=[', ']=]', 'local ', 'function ', 'function a.b', 'end', 'nil',
            'and', 'not ', '~=', '..', '...', '==', 'gsub', 'gsub("', 's:gsub(', 'string.gsub', 'string.format', 'table',
            'print', 'a.b', '"', "'", '\\n', '\\65', '\\q', '%a', '[^', ']', '(?:', '{2}', '$', '1.5', "1.5'", '.5', '1e5',
            '0x1F', '3', 'x'],
  'bibtex' => ['@article{', '@Book(', '@string{', '@preamble{', '@comment', '@', 'key,', 'k1:x', ' title = ', 'author=', '{', '}',
               '"', '{\\em x}', '#', '2020', ',', '=', '(', ')', 'jmlr', '\\url{x}', 'é', 'text'],
  'csharp' => ['using ', 'namespace A.B', 'class ', 'struct ', 'interface ', 'public ', 'static ', 'void ', 'int ', 'string ',
               'var ', 'f(', 'f (', '@x', '@"', '""', '$"', '$@"', '{', '}', '"', '\\"', "'", "'\\n'", "'\\''", '#region x\n',
               '#if X\n', '#', '<[', ']>', '//', '/*', '*/', '0xFFu', '1.5e+3f', '12', '1.', 'async ', 'await ', 'x'],
  'kotlin' => ['fun ', 'fun <T> ', 'val ', 'var ', 'val (', 'class ', 'data class ', 'object ', 'companion object', 'interface ',
               'package a.b', 'import x.*', 'return', 'return@l', 'break@`x`', 'this@a-', 'l@', 'Foo', 'Foo<T>', '`x y`', 'x-y',
               '@Ann', '::class', '::', '!!', '?:', '?.', '..', '"', '\\"', '"""', '@"', "'a'", "'\\n'", '/*', '*/', '//',
               '[x]', '1_000', '1.5f', '.5', '1e-3', '2F', '0xFF_L', '0b1u', '7uL', '0123', 'in ', 'out ', 'reified ', '<', '>',
               'É', 'x'],
  'haskell' => ['module ', 'module M (', 'where', 'import ', 'import qualified ', 'Data.Map', ' as M', ' hiding (', 'x', 'f\'',
                'Just', "'a'", "'\\n'", "'\\''", "'\\SOH'", "'", '"', '\\^A', '\\DEL', '\\o17', '\\x4F', '\\65', '\\  \\', '{-',
                '-}', '{-#', '--', '-- |', '-->', '---', '::', '->', '<-', '=>', '=', '==', ':+', '\\', '\\x ->', '[]', '[ ]',
                '()', '[q|', '|]', '`div`', '1e5', '1.5', '0x1F', '0o7', '42', 'case ', 'of', 'let ', 'in ', 'data ', '_'],
  'fortran' => ['program ', 'end program', 'integer', 'real(dp)', 'double precision', 'go to', 'sync all', 'error stop', 'do ', 'if',
                'then', 'FORMAT(', 'format (', '::', '!', '#x', '\n10 ', '10', '.true.', '.EQ.', '.and.', '.x.', '**', '//', '/=',
                '==', '=>', "'", '"', "''", 'dp_\'', '1_\'', '1.0', '1.0_dp', '.5e3', '1d0', '1e5', '-2', 'B\'101\'', 'O"7"',
                'Z\'FF\'', 'sum(', 'abs', 'x_1', '&', '%', 'é'],
  'scala' => ['class ', 'trait T', 'object O', 'case class ', 'def ', 'def +', 'def `x y`', 'val ', 'var ', 'this.x', 'a.b', 'a\n.b',
              'Foo', 'Foo$', '_x', 'op_+', 'x_', "'sym", "'a'", "'ab'", "'\\n'", "'\\u0041'", '"', '\\"', '"""', '""""', '=>',
              '<-', '<:', '>:', '<%', '←', '⇒', '#', '@', '@ann', ':', ': Int', ': A.B[', 'type T = ', 'import a.b._', '[', ']',
              '(', ')', '{', '}', '//', '/*', '*/', '1.5', '1.', '2f', '0xFF', '10L', '.5', 'true', 'null', 'match', 'yield',
              'forSome', '+', '::', '!', '©', 'é', 'x'],
}.freeze

LANG_PIECES = {
  'shell' => 'shell', 'python' => 'python', 'console' => 'console',
  'javascript' => 'javascript', 'c' => 'c', 'cpp' => 'c', 'json' => 'json', 'r' => 'r', 'tex' => 'tex',
  'yaml' => 'yaml', 'css' => 'css', 'html' => 'html', 'xml' => 'html', 'scss' => 'scss', 'ruby' => 'ruby', 'rust' => 'rust', 'matlab' => 'matlab', 'markdown' => 'markdown', 'apache' => 'apache', 'erb' => 'erb', 'diff' => 'diff',
  'sql' => 'sql', 'java' => 'java', 'go' => 'go',
  'toml' => 'toml',
  'ini' => 'ini',
  'make' => 'make',
  'docker' => 'docker',
  'liquid' => 'liquid',
  'typescript' => 'typescript',
  'julia' => 'julia',
  'lua' => 'lua',
  'bibtex' => 'bibtex',
  'csharp' => 'csharp',
  'kotlin' => 'kotlin',
  'haskell' => 'haskell',
  'fortran' => 'fortran',
  'scala' => 'scala',
  'console?lang=python&prompt=>>>' => 'console', 'console?comments=true' => 'console',
}.freeze

out_path = ARGV[0] || '/tmp/rouge_fuzz.json'
count = (ARGV[1] || 2000).to_i
rng = Random.new((ARGV[2] || 1).to_i)
langs = ARGV[3] ? ARGV[3].split(',') : LANG_PIECES.keys

cases = []
count.times do |i|
  lang = langs[i % langs.size]
  pieces = COMMON + PIECES.fetch(LANG_PIECES.fetch(lang, lang), []) * 2
  code = Array.new(1 + rng.rand(40)) { pieces[rng.rand(pieces.size)] }.join
  html = Rouge::Formatters::HTML.new.format(Rouge::Lexer.find_fancy(lang).lex(code))
  cases << { 'lang' => lang, 'code' => code, 'html' => html }
rescue StandardError => e
  warn "#{lang}: Rouge failed on #{code.inspect}: #{e.message}"
end
File.write(out_path, JSON.generate(cases))
puts "#{cases.size} cases -> #{out_path}"
