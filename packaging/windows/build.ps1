# Build the Windows installer: dist\hooksmith-<version>-windows-x64-setup.exe
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs: 64-bit Python 3.11+ from python.org (the "py" launcher) and Inno Setup 6
# (winget install JRSoftware.InnoSetup). Everything else is installed into .venv-windows.
# Same spec as Linux and macOS (packaging\hooksmith.spec); the frozen app must pass
# its self-test before Inno Setup packs it.
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Root

$Venv = Join-Path $Root ".venv-windows"
$Py = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Py)) {
    Write-Host "hooksmith build: creating $Venv"
    py -3.11 -m venv $Venv
    if ($LASTEXITCODE -ne 0) { throw "Python 3.11 (64-bit, python.org) is needed: py -3.11 failed" }
}
& $Py -m pip install -q --disable-pip-version-check --upgrade pip
& $Py -m pip install -q --disable-pip-version-check -e ".[package]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$Version = (& $Py -c "import app; print(app.__version__)").Trim()
Write-Host "hooksmith build: Hooksmith $Version"

# The .ico the spec and the installer use.
& $Py packaging\make_icons.py build\icons
if ($LASTEXITCODE -ne 0) { throw "could not render the icons" }

Remove-Item -Recurse -Force build\windows\frozen, build\windows\work -ErrorAction SilentlyContinue
& $Py -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath build\windows\frozen --workpath build\windows\work packaging\hooksmith.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The console twin prints the report; the windowed Hooksmith.exe has no console.
$env:QT_QPA_PLATFORM = "offscreen"
& build\windows\frozen\hooksmith\hooksmith-cli.exe --self-test
$Code = $LASTEXITCODE
Remove-Item Env:\QT_QPA_PLATFORM
if ($Code -ne 0) { throw "the frozen app failed its self-test" }

# Optional code signing, so SmartScreen knows the publisher: set HOOKSMITH_SIGN_CERT (a .pfx),
# HOOKSMITH_SIGN_PASSWORD and HOOKSMITH_SIGN_TIMESTAMP_URL (your CA's RFC 3161 server).
function Sign-File($Path) {
    signtool sign /fd SHA256 /tr $env:HOOKSMITH_SIGN_TIMESTAMP_URL /td SHA256 `
        /f $env:HOOKSMITH_SIGN_CERT /p $env:HOOKSMITH_SIGN_PASSWORD $Path
    if ($LASTEXITCODE -ne 0) { throw "signing $Path failed" }
}
if ($env:HOOKSMITH_SIGN_CERT) {
    Sign-File build\windows\frozen\hooksmith\Hooksmith.exe
    Sign-File build\windows\frozen\hooksmith\hooksmith-cli.exe
}

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($Dir in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6",
                       "$env:LOCALAPPDATA\Programs\Inno Setup 6")) {
        if (Test-Path "$Dir\ISCC.exe") { $Iscc = "$Dir\ISCC.exe"; break }
    }
}
if (-not $Iscc) { throw "Inno Setup 6 is needed: winget install JRSoftware.InnoSetup" }
& $Iscc /Q "/DAppVersion=$Version" packaging\windows\hooksmith.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$Setup = "dist\hooksmith-$Version-windows-x64-setup.exe"
if ($env:HOOKSMITH_SIGN_CERT) { Sign-File $Setup }
Write-Host "hooksmith build: $Setup ($([math]::Round((Get-Item $Setup).Length / 1MB)) MB)"
