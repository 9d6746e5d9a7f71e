{#- Whether one clause of a catalogue match rule (model_match_rules, model_developers) holds for a lower-cased
    text: equals, starts_with, ends_with, contains or regex (RE2, partial match), negated when asked. -#}
{% macro match_clause_holds(text, kind, value, negated='false') -%}
    (
        case {{ kind }}
            when 'equals' then {{ text }} = {{ value }}
            when 'starts_with' then substr({{ text }}, 1, length({{ value }})) = {{ value }}
            when 'ends_with'
                then
                    length({{ text }}) >= length({{ value }})
                    and substr({{ text }}, length({{ text }}) - length({{ value }}) + 1) = {{ value }}
            when 'contains' then strpos({{ text }}, {{ value }}) > 0
            when 'regex' then {{ regex_contains(text, value) }}
        end
    ) <> {{ negated }}
{%- endmacro %}

{#- True when a regular expression (RE2) matches anywhere in the text. DuckDB regexp_matches, BigQuery
    regexp_contains. -#}
{% macro regex_contains(text, pattern) -%}
    {{ return(adapter.dispatch('regex_contains')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_contains(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro bigquery__regex_contains(text, pattern) -%}
    regexp_contains({{ text }}, {{ pattern }})
{%- endmacro %}

{#- Number of clauses of a match_rules conjunction that do not hold for the text (0: the conjunction matches);
    an aggregate over the joined `match_rules` rows of one conjunction. -#}
{% macro failed_match_clauses(text) -%}
    {{ count_if('not ' ~ match_clause_holds(
        text, 'match_rules.clause_kind', 'match_rules.clause_value', 'match_rules.is_negated'
    )) }}
{%- endmacro %}

{#- The first capture group of a regular expression (RE2) in the text, null when it does not match (or captures
    nothing). On BigQuery it is written as the replacement of the whole text by the group, not as
    regexp_extract: with a pattern read from a column, translators to other engines (the BigQuery emulator's)
    cannot tell that the pattern has a group and return the whole match. -#}
{% macro regex_capture(text, pattern) -%}
    {{ return(adapter.dispatch('regex_capture')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_capture(text, pattern) -%}
    nullif(regexp_extract({{ text }}, {{ pattern }}, 1), '')
{%- endmacro %}

{% macro bigquery__regex_capture(text, pattern) -%}
    case
        when regexp_contains({{ text }}, {{ pattern }})
            then nullif(regexp_replace({{ text }}, concat('(?s)^.*?(?:', {{ pattern }}, ').*$'), r'\1'), '')
    end
{%- endmacro %}

{#- Every match of a regular expression (RE2) in the text replaced. DuckDB needs the 'g' option; BigQuery
    replaces every match. -#}
{% macro regex_replace_all(text, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro bigquery__regex_replace_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}
