// Batch columns (app/core/batch.h): parseAnswer finding the JSON object in a model's answer (fenced
// block or first balanced {...}) for a fixed spec, and parseColumnSpec on the input as a spec.

#include "fuzzsupport.h"

#include "core/batch/batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const squint::ColumnSpec spec = [] {
        squint::ColumnSpec s;
        s.names = {QStringLiteral("species"), QStringLiteral("count"), QStringLiteral("Notes")};
        return s;
    }();
    const QString text = QString::fromUtf8(fuzz::view(data, size));
    const squint::ParsedAnswer a = squint::parseAnswer(text, spec);
    if (!a.ok && a.problem.isEmpty())
        fuzz::broken("an answer that did not parse without a problem");
    if (a.ok && a.values.size() != spec.names.size())
        fuzz::broken("an ok answer without every column");

    QString error;
    if (const std::optional<squint::ColumnSpec> s = squint::parseColumnSpec(text, &error)) {
        (void)squint::columnInstruction(*s);
        (void)squint::rowHeader(*s);
    }
    return 0;
}
