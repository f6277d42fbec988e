#!/usr/bin/env ruby
# frozen_string_literal: true
# Evaluates each SassScript expression in tests/fixtures/sass/values.txt (one a line; blank
# lines and lines starting with `//` skipped) with Debian's ruby-sassc 2.4 over libsass 3.6.5,
# the compiler Jekyll 4.3.1's jekyll-sass-converter uses, as `a{b: (EXPR)}` in the expanded
# and compressed styles, and writes tests/goldens/sass_values.json: a list of
# {expr, expanded, compressed} with the declaration's value, or {expr, error} with libsass's
# message. src/sass/scss/eval.rs checks hyde's evaluator against it.
require 'json'
require 'sassc'

cases = File.readlines(File.join(__dir__, '../fixtures/sass/values.txt'), chomp: true)
            .reject { |l| l.strip.empty? || l.start_with?('//') }
out = cases.map do |expr|
  begin
    values = %i[expanded compressed].map do |style|
      css = SassC::Engine.new("a{b: (#{expr})}", style: style).render
      css[/b:\s?(.*?);?\s*\}/m, 1].to_s.strip
    end
    { 'expr' => expr, 'expanded' => values[0], 'compressed' => values[1] }
  rescue SassC::SyntaxError => e
    { 'expr' => expr, 'error' => e.message.lines.first.strip.sub(/\AError: /, '') }
  end
end
File.write(File.join(__dir__, 'sass_values.json'), JSON.pretty_generate(out) + "\n")
