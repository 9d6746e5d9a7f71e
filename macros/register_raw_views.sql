{#- On DuckDB, expose every source that has `raw_files` (a glob of the raw contract's Parquet files) as a view in
    its source schema, so the raw contract can be queried as raw.<table> and dbt unit tests can read the source's
    columns; an optional contract column the files lack is a null column of the view. A source may also name
    `raw_csv_files` (billing exports come as CSV from the cloud consoles): CSV files are read as text (the header
    names the columns; a literal NULL or an empty field is null; a short last line is padded with nulls) and joined
    to the Parquet rows by column name, and raw_table converts the text to the contract's types. Every file with
    rows must hold the source's required columns (`meta: required`): a file that lacks one stops the build with an
    error naming the file and the column. A table with no file, or whose files hold no row, is an empty view with
    the contract's columns (only llm_requests is required: the marts of an absent table are empty, not missing).
    On BigQuery the raw tables exist already (or are absent, which raw_table handles) and this does nothing.
    Called from on-run-start. -#}
{% macro register_raw_views() -%}
    {{ return(adapter.dispatch('register_raw_views')()) }}
{%- endmacro %}

{% macro default__register_raw_views() -%}
    select 1
{%- endmacro %}

{% macro duckdb__register_raw_views() -%}
    {%- if execute -%}
        {%- set statements = [] -%}
        {%- for source in graph.sources.values() if source.package_name == project_name -%}
            {%- set files = source.meta.get('raw_files') -%}
            {%- if files -%}
                {%- set contract = source.columns.values() | list -%}
                {%- set required = [] -%}
                {%- for column in contract if column.meta.get('required') -%}
                    {%- do required.append(column.name) -%}
                {%- endfor -%}
                {%- set readers = [] -%}
                {%- set parquet = files.format(name=source.identifier) -%}
                {%- set csv_files = source.meta.get('raw_csv_files') -%}
                {%- if raw_file_rows(parquet) > 0 -%}
                    {%- do check_parquet_columns(parquet, required) -%}
                    {%- if csv_files -%}
                        {#- Exports from elsewhere: files of one column layout are read together, so a column
                            one writer nests (AWS Tags, a map) and another writes as text does not clash. -#}
                        {%- do readers.extend(parquet_readers_by_layout(parquet)) -%}
                    {%- else -%}
                        {%- do readers.append("read_parquet('" ~ parquet ~ "', union_by_name = true)") -%}
                    {%- endif -%}
                {%- endif -%}
                {%- if csv_files -%}
                    {%- set csv = csv_files.format(name=source.identifier) -%}
                    {%- for path in raw_file_paths(csv) -%}
                        {%- do check_csv_columns(path, required) -%}
                    {%- endfor -%}
                    {%- if raw_file_paths(csv) -%}
                        {%- do readers.append(raw_csv_reader(csv)) -%}
                    {%- endif -%}
                {%- endif -%}
                {%- do statements.append('create schema if not exists ' ~ source.schema) -%}
                {%- do statements.append(
                    'create or replace view ' ~ source.schema ~ '.' ~ source.identifier ~ ' as '
                    ~ raw_view_body(contract, readers)
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ statements | join(';\n') if statements else 'select 1' }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The select of a raw view over `readers` (table functions): the contract's columns, each as found, or null
    where no file has it. With one reader the found columns keep their file types; with Parquet and CSV files both,
    every column is text (CSV fields are text; raw_table converts them back, and a number or an instant survives
    the round trip exactly). A nested value (a Parquet MAP or STRUCT, as AWS writes Tags) becomes its JSON text. -#}
{% macro raw_view_body(contract, readers) -%}
    {%- set parts = [] -%}
    {%- for reader in readers -%}
        {%- set found = {} -%}
        {%- for row in run_query('describe select * from ' ~ reader) -%}
            {%- do found.update({row[0] | lower: (row[0], row[1] | upper)}) -%}
        {%- endfor -%}
        {%- set selected = [] -%}
        {%- for column in contract -%}
            {%- set actual = found.get(column.name | lower) -%}
            {%- if actual is none -%}
                {%- set wanted = dbt.type_string() if readers | length > 1 else column.data_type -%}
                {%- do selected.append('cast(null as ' ~ wanted ~ ') as ' ~ column.name) -%}
            {%- else -%}
                {%- set name = adapter.quote(actual[0]) -%}
                {%- set nested = '[' in actual[1] or actual[1].startswith(('MAP', 'STRUCT', 'UNION')) -%}
                {%- if nested and raw_type_family(column.data_type) == 'text' -%}
                    {%- do selected.append('cast(to_json(' ~ name ~ ') as varchar) as ' ~ column.name) -%}
                {%- elif readers | length > 1 -%}
                    {%- do selected.append('cast(' ~ name ~ ' as varchar) as ' ~ column.name) -%}
                {%- else -%}
                    {%- do selected.append(name ~ ' as ' ~ column.name) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do parts.append('select ' ~ selected | join(', ') ~ ' from ' ~ reader) -%}
    {%- endfor -%}
    {%- if parts -%}
        {{ return(parts | join(' union all ')) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in contract -%}
        {%- do columns.append('cast(null as ' ~ column.data_type ~ ') as ' ~ column.name) -%}
    {%- endfor -%}
    {{ return('select ' ~ columns | join(', ') ~ ' where 1 = 0') }}
{%- endmacro %}

{#- Rows in the Parquet files matching `pattern` (0 when there is none), from their footers. -#}
{% macro raw_file_rows(pattern) -%}
    {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(0) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select coalesce(sum(num_rows), 0) from parquet_file_metadata('" ~ pattern ~ "')"
    ).columns[0].values()[0] -%}
    {{ return(rows | int) }}
{%- endmacro %}

{#- One read_parquet call per column layout (names and types) of the Parquet files matching `pattern`. -#}
{% macro parquet_readers_by_layout(pattern) -%}
    {%- set layouts = {} -%}
    {%- for path in raw_file_paths(pattern) -%}
        {%- set columns = [] -%}
        {%- for row in run_query("describe select * from read_parquet('" ~ path ~ "')") -%}
            {%- do columns.append(row[0] | lower ~ ' ' ~ row[1]) -%}
        {%- endfor -%}
        {%- set layout = columns | sort | join(', ') -%}
        {%- do layouts.update({layout: layouts.get(layout, []) + ["'" ~ path ~ "'"]}) -%}
    {%- endfor -%}
    {%- set readers = [] -%}
    {%- for layout in layouts | sort -%}
        {%- do readers.append("read_parquet([" ~ layouts[layout] | join(', ') ~ "], union_by_name = true)") -%}
    {%- endfor -%}
    {{ return(readers) }}
{%- endmacro %}

{#- The files matching `pattern`, sorted. -#}
{% macro raw_file_paths(pattern) -%}
    {{ return(run_query("select file from glob('" ~ pattern ~ "') order by file").columns[0].values() | list) }}
{%- endmacro %}

{#- Every CSV file matching `pattern`, read as text by its header. -#}
{% macro raw_csv_reader(pattern) -%}
    {{ return(
        "read_csv('" ~ pattern ~ "', header = true, all_varchar = true, nullstr = ['NULL', ''],"
        ~ " null_padding = true, union_by_name = true)"
    ) }}
{%- endmacro %}

{#- Stop the build when a Parquet file with rows lacks a required column, naming the file and the column. -#}
{% macro check_parquet_columns(pattern, required) -%}
    {%- if required -%}
        {%- set wanted = [] -%}
        {%- for name in required -%}
            {%- do wanted.append("('" ~ name ~ "')") -%}
        {%- endfor -%}
        {%- set missing = run_query(
            "with files as (select file_name from parquet_file_metadata('" ~ pattern ~ "') where num_rows > 0),"
            ~ " present as (select file_name, lower(name) as name from parquet_schema('" ~ pattern ~ "')),"
            ~ " wanted as (select * from (values " ~ wanted | join(', ') ~ ") as wanted (name))"
            ~ " select files.file_name, wanted.name from files cross join wanted"
            ~ " where not exists (select 1 from present where present.file_name = files.file_name"
            ~ " and present.name = lower(wanted.name)) order by 1, 2"
        ) -%}
        {%- if missing.rows | length > 0 -%}
            {%- do raw_columns_error(missing.rows[0][0], missing.rows | map(attribute=1) | list) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Stop the build when the CSV file `path` (with rows) lacks a required column in its header. -#}
{% macro check_csv_columns(path, required) -%}
    {%- set reader = raw_csv_reader(path) -%}
    {%- set present = run_query("select column_name from (describe select * from " ~ reader ~ ")")
        .columns[0].values() | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for name in required if name | lower not in present -%}
        {%- do missing.append(name) -%}
    {%- endfor -%}
    {%- if missing and run_query("select count(*) from " ~ reader).columns[0].values()[0] > 0 -%}
        {%- do raw_columns_error(path, missing) -%}
    {%- endif -%}
{%- endmacro %}

{% macro raw_columns_error(path, missing) -%}
    {%- do exceptions.raise_compiler_error(
        "Raw file " ~ path ~ " lacks the required column" ~ ("s " if missing | length > 1 else " ")
        ~ missing | join(', ') ~ " (the raw contract's required columns are marked `required` in the sources"
        ~ " YAML). Add the column, or move the file out of the raw folder."
    ) -%}
{%- endmacro %}
