namespace Supervision.Core.Domain;

/// <summary>
/// One confirmed import of a 任务分解表. The file's SHA-256 is unique, so importing the same file twice is
/// refused by the database as well as by the preview.
/// </summary>
public sealed class TaskImportRecord
{
    private TaskImportRecord()
    {
        FileName = "";
        Sha256 = "";
        ImportedById = "";
        ImportedByName = "";
        FirstNumber = "";
        LastNumber = "";
    }

    public TaskImportRecord(string fileName, string sha256, int year, int taskCount, string firstNumber, string lastNumber, Domain.Actor actor, DateTime at)
    {
        FileName = fileName.Length > 200 ? fileName[..200] : fileName;
        Sha256 = sha256;
        Year = year;
        TaskCount = taskCount;
        FirstNumber = firstNumber;
        LastNumber = lastNumber;
        ImportedById = actor.UserId;
        ImportedByName = actor.Name;
        ImportedAt = at;
    }

    public int Id { get; private set; }
    public string FileName { get; private set; }
    public string Sha256 { get; private set; }
    public int Year { get; private set; }
    public int TaskCount { get; private set; }
    public string FirstNumber { get; private set; }
    public string LastNumber { get; private set; }
    public string ImportedById { get; private set; }
    public string ImportedByName { get; private set; }
    public DateTime ImportedAt { get; private set; }
}
