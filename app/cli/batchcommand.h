#pragma once

#include "cli/requestoptions.h"

#include "core/batch/batch.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

namespace squint::cli {

/// squint batch: the same question about every image of folders or files, one request per file (or
/// group), results as CSV, JSONL or Markdown; returns one of the ExitCode values.
int runBatch(const QStringList &args);

/// The options of squint batch, declared on `parser`.
struct BatchCommandLine
{
    BatchCommandLine();
    QCommandLineParser parser;
    RequestOptions request;
    QCommandLineOption prompt, columns, concurrency, group, pages, out, resume, batchId, dryRun,
        noSave;
    QCommandLineOption onDatabricks, warehouse, volume, printSql, cleanUp;
};

/// What squint batch was asked to do.
struct BatchOptions
{
    enum class Format { Csv, Jsonl, Markdown };

    QString model;
    QString promptTemplate;
    ColumnSpec columns;
    RequestSettings request;
    int concurrency = 4;
    int groupSize = 1;
    Format format = Format::Jsonl;
    QString outPath;     ///< empty: standard output
    qint64 batchId = 0;  ///< --batch-id: the batch to continue
    bool resume = false; ///< --resume or --batch-id
    bool dryRun = false;
    bool save = true;   ///< not --no-save
    QStringList inputs; ///< folders and files as named on the command line
    QString pages;      ///< --pages: the pages of the PDFs among the inputs ("2-4,7"; empty: all)
    // --on-databricks: one ai_query statement on a SQL warehouse instead of requests from here
    bool onDatabricks = false;
    QString warehouse;     ///< --warehouse: an id or a name
    QString volume;        ///< --volume: /Volumes/c/s/v[/dir]
    bool printSql = false; ///< --print-sql: print the statement, send nothing
    bool cleanUp = false;  ///< --clean-up: delete the uploaded folder at the end
};

/// The options of a parsed squint batch command line, or the *problem with them. Reads the file of
/// --columns @FILE, nothing else, and prints nothing.
bool readBatchOptions(const BatchCommandLine &line, BatchOptions *out, Problem *problem);

} // namespace squint::cli
